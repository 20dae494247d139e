/**
 * An imported workspace cites the files the user imported (issue #16 item 2, imports): every statement and condition
 * position of a policy maps into the CloudFormation / CDK template, Terraform plan or AWS CLI export it came from — the
 * file the importer names in `workspace.sources` — never into Rolecall's generated workspace. The expected places are
 * found in the fixtures' text here, independently of the mapping. Fixtures are not formatted by Prettier.
 * AWS::IAM::Role (AssumeRolePolicyDocument, Policies): https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
 * Statement grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../../policy-engine/workspace/import';
import { importedPolicySources } from '../../../../policy-engine/workspace/import-sources';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/index';
import { evaluateRequest } from '../../../../policy-engine/index';
import type { Position } from '../../../../policy-engine/model/request';
import type { Workspace } from '../../../../policy-engine/model/workspace';

const root = resolve(__dirname, '../../../..');
const now = new Date('2026-11-27T12:00:00Z');

function imported(file: string, text = readFileSync(join(root, file), 'utf8')) {
  const { workspace } = importFiles([{ name: file, text }], {});
  return { workspace, text, texts: { [file]: text } };
}

/** 1-based position of the first `needle` at or after line `from` of `text`. */
function find(text: string, needle: string, from = 1): Position {
  const lines = text.split('\n');
  for (let i = from - 1; i < lines.length; i++) {
    const c = lines[i].indexOf(needle);
    if (c >= 0) return { line: i + 1, column: c + 1 };
  }
  throw new Error(`${needle} not found after line ${from}`);
}

/** The position of the first `needle` in a policy's (generated) text. */
function inText(text: string, needle: string): Position {
  return find(text, needle);
}

const roleId = (ws: Workspace, name: string) =>
  ws.iam!.RoleDetailList!.find((r) => r.RoleName === name || r.Arn.includes(name))!.Arn;

describe('imported policies are placed in the imported files', () => {
  it('a YAML template: statements and condition keys map to their lines in the template (via the template paths)', () => {
    const file = 'test/fixtures/import/app-stack.yaml';
    const { workspace, text, texts } = imported(file);
    const auth = roleId(workspace, 'stack-auth');
    const sources = importedPolicySources(workspace, texts);
    const trust = sources.get(`${auth}#trust`)!;
    expect(trust.file).toBe(file);
    expect(trust.ownLines).toBe(true);
    const role = find(text, 'AuthRole:');
    expect(trust.origin).toMatchObject({ line: find(text, 'AssumeRolePolicyDocument:', role.line).line });
    expect(trust.origin?.writtenAs).toMatch(/YAML/);
    // The statement (`- Effect: Allow`) and the aud condition key, found in the YAML independently.
    const statement = find(text, 'Effect: Allow', role.line);
    expect(trust.toFile(inText(trust.text, '"Effect"')).line).toBe(statement.line);
    const aud = find(text, "'cognito-identity.amazonaws.com:aud'", role.line);
    expect(trust.toFile(inText(trust.text, '"cognito-identity.amazonaws.com:aud"')).line).toBe(aud.line);
    const amr = find(text, "'cognito-identity.amazonaws.com:amr'", role.line);
    expect(trust.toFile(inText(trust.text, '"cognito-identity.amazonaws.com:amr"')).line).toBe(amr.line);
    // The inline policy: its statement is the one under `PolicyName: own-files`.
    const inline = sources.get(`${auth}#inline/own-files`)!;
    const ownFiles = find(text, 'PolicyName: own-files', role.line);
    expect(inline.toFile(inText(inline.text, '"Action"')).line).toBe(find(text, 'Action:', ownFiles.line).line);
  });

  it('the engine cites the template: the statement traces and a condition of an answer name template lines', () => {
    const file = 'test/fixtures/import/app-stack.yaml';
    const { workspace, text, texts } = imported(file);
    const auth = roleId(workspace, 'stack-auth');
    // The trace holds every statement that names the action, with its place.
    const request = {
      principal: auth,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::app-user-files-dev/us-east-1:u1/photo.jpg',
      context: { 'cognito-identity.amazonaws.com:sub': 'us-east-1:u1', 'aws:SecureTransport': 'false' },
    };
    const trace = (pw: ReturnType<typeof prepareWorkspace>) => evaluateRequest(pw, request, { now }).statements ?? [];
    const statements = trace(prepareWorkspace(workspace, { imported: { texts } }));
    const own = statements.find((x) => x.policyId === `${auth}#inline/own-files`)!;
    expect(own.file).toBe(file);
    const ownFiles = find(text, 'PolicyName: own-files', find(text, 'AuthRole:').line);
    expect(own.start.line).toBe(find(text, 'Effect: Allow', ownFiles.line).line);
    // The bucket policy (its own AWS::S3::BucketPolicy resource): the statement and its aws:SecureTransport condition.
    const bucket = statements.find((x) => x.policyId.endsWith('#resource'))!;
    const policyResource = find(text, 'UserFilesBucketPolicy:');
    expect(bucket.file).toBe(file);
    expect(bucket.start.line).toBe(find(text, 'Sid: DenyInsecure', policyResource.line).line);
    const secure = bucket.conditions.find((c) => c.key === 'aws:SecureTransport')!;
    expect(secure.range?.start.line).toBe(find(text, 'aws:SecureTransport', policyResource.line).line);
    // Without the imported texts the same statement is at a line of Rolecall's copy (what this fixes).
    const copy = trace(prepareWorkspace(workspace)).find((x) => x.policyId === own.policyId)!;
    expect(copy.start.line).not.toBe(own.start.line);
  });

  it('a CDK (JSON) template with intrinsic functions: positions map to the template’s JSON lines', () => {
    const file = 'test/fixtures/import/cdk.out/AppStack.template.json';
    const { workspace, text, texts } = imported(file);
    const sources = importedPolicySources(workspace, texts);
    const [id, src] = [...sources].find(([k]) => k.endsWith('#trust'))!;
    expect(src.file).toBe(file);
    const logical = workspace.sources![id.split('#')[0]]!.logicalId!;
    const resource = find(text, `"${logical}": {`);
    const doc = find(text, '"AssumeRolePolicyDocument"', resource.line);
    expect(src.origin?.line).toBe(doc.line);
    expect(src.toFile(inText(src.text, '"Action"')).line).toBe(find(text, '"Action"', doc.line).line);
  });

  it('a JSON template holding the document as written: the template’s own slice, numbered with its lines', () => {
    const file = 'literal.template.json';
    const tmpl = [
      '{',
      '  "Resources": {',
      '    "Pool": { "Type": "AWS::Cognito::IdentityPool", "Properties": { "AllowUnauthenticatedIdentities": true } },',
      '    "GuestRole": {',
      '      "Type": "AWS::IAM::Role",',
      '      "Properties": {',
      '        "RoleName": "Guest",',
      '        "AssumeRolePolicyDocument": {',
      '          "Version": "2012-10-17",',
      '          "Statement": [',
      '            {',
      '              "Effect": "Allow",',
      '              "Principal": { "Federated": "cognito-identity.amazonaws.com" },',
      '              "Action": "sts:AssumeRoleWithWebIdentity"',
      '            }',
      '          ]',
      '        }',
      '      }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const { workspace, texts } = imported(file, tmpl);
    const [, src] = [...importedPolicySources(workspace, texts)].find(([k]) => k.endsWith('#trust'))!;
    expect(src.ownLines).toBeUndefined();
    expect(src.text.split('\n')[0]).toBe('{');
    expect(src.toFile({ line: 1, column: 1 })).toEqual(find(tmpl, '{', find(tmpl, '"AssumeRolePolicyDocument"').line));
    expect(src.toFile(inText(src.text, '"Effect"'))).toEqual(find(tmpl, '"Effect"'));
  });

  it('a Terraform plan (jsonencode strings): a statement maps into the string, at its column on the string’s line', () => {
    const file = 'test/fixtures/import/terraform/plan.json';
    const { workspace, text, texts } = imported(file);
    const auth = roleId(workspace, 'PlanAuth');
    const src = importedPolicySources(workspace, texts).get(`${auth}#inline/own-files`)!;
    expect(src.ownLines).toBe(true);
    expect(src.origin?.writtenAs).toBe('a JSON string');
    const line = find(text, '"policy": "{\\"Version\\"');
    const raw = text.split('\n')[line.line - 1];
    // The statement's `{` inside the string, and its Sid, found in the raw line (escaped quotes and all).
    expect(src.toFile(inText(src.text, '"Sid"'))).toEqual({
      line: line.line,
      column: raw.indexOf('\\"Sid\\"') + 1,
    });
    expect(src.toFile(inText(src.text, '"Resource"')).column).toBe(raw.indexOf('\\"Resource\\"') + 1);
  });

  it('an AWS CLI export: a document written as a JSON string keeps its string text, positions on its line', () => {
    const file = 'test/fixtures/import/auth-details-page1.json';
    const { workspace, text, texts } = imported(file);
    const trustId = `${roleId(workspace, 'AppAuth')}#trust`;
    const src = importedPolicySources(workspace, texts).get(trustId)!;
    expect(src.file).toBe(file);
    const role = find(text, 'role/AppAuth');
    const at = find(text, '"AssumeRolePolicyDocument"', role.line);
    expect(src.origin).toMatchObject({ line: at.line, writtenAs: 'a JSON string' });
  });

  it('an edited document is not mapped (the file does not hold it); the others still are', () => {
    const file = 'test/fixtures/import/app-stack.yaml';
    const { workspace, texts } = imported(file);
    const auth = roleId(workspace, 'stack-auth');
    const edited = structuredClone(workspace);
    const role = edited.iam!.RoleDetailList!.find((r) => r.Arn === auth)!;
    (role.AssumeRolePolicyDocument as { Statement: unknown[] }).Statement.push({
      Effect: 'Deny',
      Action: '*',
      Principal: '*',
    });
    const sources = importedPolicySources(edited, texts, workspace);
    expect(sources.has(`${auth}#trust`)).toBe(false);
    expect(sources.has(`${auth}#inline/own-files`)).toBe(true);
    // A file the import did not read gives no positions at all.
    expect(importedPolicySources(workspace, { 'other.yaml': 'x: 1' }).size).toBe(0);
  });
});
