/**
 * The shape of a request (CONTRACT.md §2), checked from `unknown` before anything is evaluated.
 */
import { z } from 'zod';
import {
  createsObject,
  MULTIPART_OPERATION_MESSAGE,
  MULTIPART_OPERATIONS,
  readsObjectKey,
  type Request,
} from './model/request';
import { findTooDeepValue, tooDeepMessage } from './json-text';
import { unknownField } from './did-you-mean';
import { conditionKeyType, loadCatalog } from './catalog';

const contextValue = z.union([z.string(), z.array(z.string())]);

const policyDocument = z.union([z.string(), z.record(z.string(), z.unknown())]);

/** The `identity.user` form: a user of a user pool the workspace holds (CONTRACT.md §2). */
const userShape = {
  userPoolId: z.string().min(1),
  clientId: z.string().min(1),
  username: z.string().min(1),
  groups: z.array(z.string().min(1)).optional(),
  attributes: z
    .record(z.string(), z.string(), { error: 'expected an object of attribute name → string value' })
    .optional(),
};
const userSchema = z.object(userShape).passthrough();

const identityShape = {
  identityPoolId: z.string().min(1),
  provider: z.string().min(1).nullable().optional(),
  claims: z.record(z.string(), z.unknown()).optional(),
  token: z.string().min(1).max(50_000).optional(),
  identityId: z.string().min(1).optional(),
  customRoleArn: z.string().min(1).optional(),
  flow: z.enum(['enhanced', 'basic']).optional(),
  roleArn: z.string().min(1).optional(),
  user: userSchema.optional(),
};

/** The `identity` object of a request. */
export const identitySchema = z
  .object(identityShape)
  .passthrough()
  .refine((v) => !(v.claims && v.token), { message: 'give either "claims" or "token", not both', path: ['token'] })
  .refine((v) => !(v.user && (v.claims || v.token)), {
    message: 'give one of "user", "claims" and "token"',
    path: ['user'],
  })
  // Claims or a token belong to a login: without "provider" (the Logins key) the identity is a guest and they would
  // be silently ignored. https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetCredentialsForIdentity.html
  .refine(
    (v) =>
      (v.claims === undefined && v.token === undefined) || (typeof v.provider === 'string' && v.provider.length > 0),
    {
      message:
        '"claims" and "token" need "provider" (the Logins key, e.g. "accounts.google.com"); without it the identity is a guest',
      path: ['provider'],
    },
  );

/** An ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE) or "*". https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html */
const ARN = /^arn:[a-z][a-z0-9-]*:[a-z0-9-]+:[^:]*:[^:]*:.+$/;

const resourceSchema = z
  .string()
  .min(1)
  .refine((v) => v === '*' || ARN.test(v), {
    message: 'must be an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, e.g. arn:aws:s3:::bucket/key) or "*"',
  });

/** A KMS key (or alias) ARN. https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN */
const KMS_KEY_ARN = /^arn:[a-z][a-z0-9-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/;

const KMS_KEY_ARN_MESSAGE =
  'must be a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY-ID, as HeadObject returns it in SSEKMSKeyId), or an alias ARN';

const objectKmsKeyArnSchema = z
  .string()
  .min(1)
  .refine((v) => KMS_KEY_ARN.test(v), { message: KMS_KEY_ARN_MESSAGE });

/**
 * Why a given `objectKmsKeyArn` is not a KMS key ARN, or null when it is one: the schema's own check, for
 * evaluateRequest's callers that come without the schema (the app, library use).
 */
export function objectKmsKeyArnProblem(v: unknown): string | null {
  return typeof v === 'string' && KMS_KEY_ARN.test(v) ? null : KMS_KEY_ARN_MESSAGE;
}

/** An S3 object ARN (arn:PARTITION:s3:::BUCKET/KEY), as the copy source of an UploadPartCopy. */
const S3_OBJECT_ARN = /^arn:[a-z][a-z0-9-]*:s3:::[^/*?]+\/.+$/;

const COPY_SOURCE_MESSAGE =
  "must be the source object's ARN (arn:PARTITION:s3:::BUCKET/KEY, the x-amz-copy-source header as an ARN)";

const copySourceSchema = z.string().refine((v) => S3_OBJECT_ARN.test(v), { message: COPY_SOURCE_MESSAGE });

const operationSchema = z.enum(MULTIPART_OPERATIONS, {
  error: MULTIPART_OPERATION_MESSAGE,
});

/**
 * `operation` and `objectKmsKeyArn` against the action: the multipart operations are authorized as s3:PutObject, and
 * an object's key is read by requests on an existing object (GetObject, GetObjectVersion) or upload under way.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions
 */
export function s3FieldsProblem(v: {
  action?: unknown;
  operation?: unknown;
  objectKmsKeyArn?: unknown;
  copySource?: unknown;
}): { path: string[]; message: string } | null {
  const action = typeof v.action === 'string' ? v.action.toLowerCase() : '';
  // The schema refuses it too; evaluateRequest's callers (the app, library use) come here without the schema.
  if (v.operation !== undefined && !(MULTIPART_OPERATIONS as readonly unknown[]).includes(v.operation))
    return {
      path: ['operation'],
      message: `"operation" ${JSON.stringify(v.operation)} ${MULTIPART_OPERATION_MESSAGE}`,
    };
  if (v.operation !== undefined && action !== 's3:putobject')
    return {
      path: ['operation'],
      message: `"operation" ${JSON.stringify(v.operation)} is a multipart upload operation, which S3 authorizes as s3:PutObject: set "action" to "s3:PutObject" (it is ${JSON.stringify(v.action)})`,
    };
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html (the source is x-amz-copy-source)
  if (v.copySource !== undefined && v.operation !== 'UploadPartCopy')
    return {
      path: ['copySource'],
      message: `"copySource" is the source object of an UploadPartCopy: set "operation" to "UploadPartCopy" (with "action": "s3:PutObject")${v.operation !== undefined ? `, not ${JSON.stringify(v.operation)}` : ''}`,
    };
  if (v.copySource !== undefined && (typeof v.copySource !== 'string' || !S3_OBJECT_ARN.test(v.copySource)))
    return {
      path: ['copySource'],
      message: `"copySource" ${COPY_SOURCE_MESSAGE} (got ${JSON.stringify(v.copySource)})`,
    };
  const creates = createsObject(action, v.operation);
  const reads = readsObjectKey(action, v.operation);
  if (v.objectKmsKeyArn !== undefined && !reads)
    return {
      path: ['objectKmsKeyArn'],
      message: creates
        ? '"objectKmsKeyArn" names the key an existing object is encrypted with; a request that writes a new object chooses its key with the context keys s3:x-amz-server-side-encryption and s3:x-amz-server-side-encryption-aws-kms-key-id'
        : `"objectKmsKeyArn" applies to s3:GetObject, s3:GetObjectVersion and the UploadPart, UploadPartCopy and CompleteMultipartUpload operations, not to ${JSON.stringify(v.action)}`,
    };
  return null;
}

const requestShape = {
  id: z.string().optional(),
  principal: z.string().min(1).optional(),
  identity: identitySchema.optional(),
  action: z.string().min(1),
  resource: resourceSchema,
  resourceAccount: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit account id')
    .optional(),
  context: z.record(z.string(), contextValue).optional(),
  sessionPolicy: policyDocument.optional(),
  operation: operationSchema.optional(),
  objectKmsKeyArn: objectKmsKeyArnSchema.optional(),
  copySource: copySourceSchema.optional(),
};

/** A request. */
export const requestSchema = z
  .object(requestShape)
  .passthrough()
  .refine((v) => (v.principal === undefined) !== (v.identity === undefined), {
    message: 'a request needs exactly one of "principal" and "identity"',
    path: ['principal'],
  })
  .superRefine((v, ctx) => {
    const problem = s3FieldsProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });

/** The path of the first `__proto__` key in a parsed JSON value (kept as an own property by json-text), if any. */
export function findProtoKey(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findProtoKey(value[i], [...path, i]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (key === '__proto__') return [...path, key];
      const found = findProtoKey((value as Record<string, unknown>)[key], [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

const protoMessage = 'the key "__proto__" is not allowed (it cannot be kept safely)';

/** A request nesting deeper than MAX_JSON_DEPTH is refused before any walk over it (each walk recurses per level). */
function tooDeep(value: unknown): { ok: false; path: (string | number)[]; message: string } | null {
  const path = findTooDeepValue(value);
  return path ? { ok: false, path, message: `the value is ${tooDeepMessage()}` } : null;
}

/**
 * The fields of a request, an identity and an identity's user (CONTRACT.md §2): closed, so a typo is an error. Read
 * from the schemas' shapes, so a field added to a schema is known here too.
 */
const fieldsOf = <T extends object>(shape: T) => Object.keys(shape) as (keyof T & string)[];
const REQUEST_FIELDS = fieldsOf(requestShape);
const IDENTITY_FIELDS = fieldsOf(identityShape);
const USER_FIELDS = fieldsOf(userShape);

type Problem = { ok: false; path: (string | number)[]; message: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An unknown field of the identity or its user ("claim" for "claims" would otherwise make a guest), with its path. */
function identityFieldProblem(identity: unknown, prefix: (string | number)[]): Problem | null {
  if (!isObject(identity)) return null;
  const bad = unknownField(identity, IDENTITY_FIELDS, 'the identity');
  if (bad) return { ok: false, path: [...prefix, bad.key], message: bad.message };
  if (isObject(identity.user)) {
    const badUser = unknownField(identity.user, USER_FIELDS, 'identity.user');
    if (badUser) return { ok: false, path: [...prefix, 'user', badUser.key], message: badUser.message };
  }
  return null;
}

/** How a value of a condition key's type is written in a request context (always as strings). */
function howToWrite(type: string | undefined, value: unknown): string {
  const one = (t: string | undefined, v: unknown): string => {
    if (t === 'Bool') return '"true" or "false"';
    if (t === 'Numeric') return typeof v === 'number' ? JSON.stringify(String(v)) : 'a number in a string, e.g. "5"';
    if (t === 'Date') return 'an ISO 8601 date in a string, e.g. "2026-12-07T12:00:00Z"';
    if (t === 'IPAddress') return 'an IP address in a string, e.g. "203.0.113.9"';
    if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(String(v));
    return 'a string';
  };
  if (type?.startsWith('ArrayOf')) {
    const t = type.slice('ArrayOf'.length);
    return `an array of strings, each ${one(t, Array.isArray(value) ? value.find((x) => typeof x !== 'string') : value)}`;
  }
  return one(type, value);
}

const typeName = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;

/**
 * A context value that is not a string or an array of strings: says which type the key takes (from the catalog) and
 * how to write it, e.g. `aws:SecureTransport is a Bool key; write it as a string: "true" or "false"`.
 */
function contextProblem(context: unknown, prefix: (string | number)[]): Problem | null {
  if (!isObject(context)) return null;
  for (const [key, value] of Object.entries(context)) {
    if (typeof value === 'string') continue;
    if (Array.isArray(value)) {
      const i = value.findIndex((x) => typeof x !== 'string');
      if (i < 0) continue;
    }
    const type = conditionKeyType(loadCatalog(), key.toLowerCase());
    const kind = type ? `${key} is ${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type} key` : `${key} is a context key`;
    const found = Array.isArray(value)
      ? `an array holding ${typeName(value.find((x) => typeof x !== 'string'))}`
      : typeName(value);
    return {
      ok: false,
      path: [...prefix, key],
      message: `${kind}, and context values are written as strings (or arrays of strings for multi-valued keys): found ${found}; write ${howToWrite(type, value)}`,
    };
  }
  return null;
}

/** Checks one request; on failure, the JSON path (relative to the request) and a message. */
export function parseRequest(
  value: unknown,
): { ok: true; request: Request } | { ok: false; path: (string | number)[]; message: string } {
  const deep = tooDeep(value);
  if (deep) return deep;
  const proto = findProtoKey(value);
  if (proto) return { ok: false, path: proto, message: protoMessage };
  if (isObject(value)) {
    const bad = unknownField(value, REQUEST_FIELDS, 'the request');
    if (bad) return { ok: false, path: [bad.key], message: bad.message };
    const problem = identityFieldProblem(value.identity, ['identity']) ?? contextProblem(value.context, ['context']);
    if (problem) return problem;
  }
  const result = requestSchema.safeParse(value);
  if (result.success) return { ok: true, request: result.data as Request };
  const issue = result.error.issues[0];
  return { ok: false, path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))), message: issue.message };
}

/** Checks a standalone identity object (for `rolecall resolve` and `matrix --identity`). */
export function checkIdentity(
  value: unknown,
):
  { ok: true; identity: NonNullable<Request['identity']> } | { ok: false; path: (string | number)[]; message: string } {
  const deep = tooDeep(value);
  if (deep) return deep;
  const proto = findProtoKey(value);
  if (proto) return { ok: false, path: proto, message: protoMessage };
  const problem = identityFieldProblem(value, []);
  if (problem) return problem;
  const result = identitySchema.safeParse(value);
  if (result.success) return { ok: true, identity: result.data as NonNullable<Request['identity']> };
  const issue = result.error.issues[0];
  return { ok: false, path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))), message: issue.message };
}
