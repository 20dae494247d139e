/**
 * What the AWS provider derives from a resource's own known attributes, documented on each resource's page
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role and the others): a role's id is
 * its name and its ARN is built from the account, path and name; a bucket's ARN from its name; and so on.
 */
import type { PathSegments } from '../json-source';
import type { TfResource } from './read';

/** What deriving a value reads of one file's import (TfImport in context.ts, which calls derivedValue). */
interface TfImport {
  partition: string;
  accountOf(path: PathSegments): string;
  regionOf(path: PathSegments): string;
  get(r: TfResource, path: PathSegments, depth?: number): unknown;
  str(r: TfResource, path: PathSegments, what?: string): string | undefined;
  strAt(r: TfResource, attr: string, what: string, depth: number): string | undefined;
  placeholderFor(r: TfResource, path: PathSegments, what: string): string;
}

/** The derived value of a one-segment attribute of `r` the plan knows only after apply, or undefined. */
export function derivedValue(t: TfImport, r: TfResource, path: PathSegments, depth: number): string | undefined {
  if (path.length !== 1) return undefined;
  const attr = String(path[0]);
  const base = r.unknownPath ?? r.valuesPath;
  const p = t.partition;
  const iamPath = () => {
    const v = t.get(r, ['path'], depth + 1);
    return typeof v === 'string' && v ? v : '/';
  };
  const named = (a: string, what: string, make: (v: string) => string) => {
    const v = t.strAt(r, a, what, depth);
    return v && make(v);
  };
  switch (r.type) {
    case 'aws_iam_role':
      if (attr === 'id') return t.strAt(r, 'name', 'role name', depth);
      if (attr === 'arn')
        return named('name', 'role name', (n) => `arn:${p}:iam::${t.accountOf(base)}:role${iamPath()}${n}`);
      return undefined;
    case 'aws_iam_policy':
      if (attr === 'arn' || attr === 'id')
        return named('name', 'policy name', (n) => `arn:${p}:iam::${t.accountOf(base)}:policy${iamPath()}${n}`);
      return undefined;
    case 'aws_s3_bucket':
      if (attr === 'id') return t.strAt(r, 'bucket', 'bucket name', depth);
      if (attr === 'arn') return named('bucket', 'bucket name', (b) => `arn:${p}:s3:::${b}`);
      return undefined;
    case 'aws_dynamodb_table':
      if (attr === 'id') return t.strAt(r, 'name', 'table name', depth);
      if (attr === 'arn')
        return named(
          'name',
          'table name',
          (n) => `arn:${p}:dynamodb:${t.regionOf(base)}:${t.accountOf(base)}:table/${n}`,
        );
      return undefined;
    case 'aws_kms_key':
      return kmsKeyValue(t, r, attr, base);
    case 'aws_cognito_user_pool':
      return userPoolValue(t, r, attr, base);
    case 'aws_cognito_identity_pool':
      if (attr === 'arn') {
        const id = t.str(r, ['id'], 'identity pool id');
        return id && `arn:${p}:cognito-identity:${t.regionOf(base)}:${t.accountOf(base)}:identitypool/${id}`;
      }
      return undefined;
  }
  return undefined;
}

function kmsKeyValue(t: TfImport, r: TfResource, attr: string, base: PathSegments): string | undefined {
  if (attr === 'arn') {
    const id = t.str(r, ['key_id'], 'key id') ?? t.placeholderFor(r, ['id'], 'key id');
    return `arn:${t.partition}:kms:${t.regionOf(base)}:${t.accountOf(base)}:key/${id}`;
  }
  if (attr === 'key_id') return t.placeholderFor(r, ['id'], 'key id');
  return undefined;
}

function userPoolValue(t: TfImport, r: TfResource, attr: string, base: PathSegments): string | undefined {
  if (attr !== 'endpoint' && attr !== 'arn') return undefined;
  const id = t.str(r, ['id'], 'user pool id');
  if (attr === 'endpoint') return id && `cognito-idp.${t.regionOf(base)}.amazonaws.com/${id}`;
  return id && `arn:${t.partition}:cognito-idp:${t.regionOf(base)}:${t.accountOf(base)}:userpool/${id}`;
}
