/**
 * The request's S3 inputs shown beside the explanation's missing-context form (CONTRACT.md §2 `operation`,
 * `objectKmsKeyArn`): the multipart upload operation, offered only for s3:PutObject (S3 authorizes all four as
 * s3:PutObject), and the key an existing object is encrypted with, offered when the request reads an object's key
 * (GetObject, GetObjectVersion, an upload under way). Both are checked with the engine's own checks
 * (request-schema's s3FieldsProblem and objectKmsKeyArnProblem); a value that does not pass is shown with the
 * engine's wording and left out of the request, so the explanation stays the one of the last valid request. Pure.
 */
import type { Request } from '../../../../policy-engine/model/index';
import {
  MULTIPART_OPERATIONS,
  objectKmsKeyArnProblem,
  readsObjectKey,
  s3FieldsProblem,
  type MultipartOperation,
} from '../../../../policy-engine/index';

/** What the user typed or picked; '' means "not supplied". */
export interface RequestInputs {
  operation: string;
  objectKmsKeyArn: string;
}

/** No input supplied: the request as the matrix cell makes it. */
export const NO_REQUEST_INPUTS: RequestInputs = { operation: '', objectKmsKeyArn: '' };

/** Which inputs the form offers for an action (and the operation picked). */
export interface OfferedInputs {
  /** The operations to pick from (the choice '' = a single PutObject), or null when the action is not s3:PutObject. */
  operations: readonly MultipartOperation[] | null;
  /** Whether the object's own key applies: the request reads an existing object's key. */
  objectKmsKeyArn: boolean;
}

const opOf = (inputs: RequestInputs): string | undefined => (inputs.operation === '' ? undefined : inputs.operation);

/** The operation the request carries: the one picked when it is one of the engine's list (else none is sent). */
const sentOp = (inputs: RequestInputs): string | undefined =>
  (MULTIPART_OPERATIONS as readonly string[]).includes(inputs.operation) ? inputs.operation : undefined;

/** The inputs offered for `action` once `inputs.operation` is picked. */
export function offeredInputs(action: string, inputs: RequestInputs = NO_REQUEST_INPUTS): OfferedInputs {
  const a = action.toLowerCase();
  const putObject = a === 's3:putobject';
  return {
    operations: putObject ? MULTIPART_OPERATIONS : null,
    objectKmsKeyArn: readsObjectKey(a, putObject ? sentOp(inputs) : undefined),
  };
}

/** Why an input cannot go into the request, in the engine's wording (absent: it is fine, or not supplied). */
export interface InputProblems {
  operation?: string;
  objectKmsKeyArn?: string;
}

/** The problems of the inputs that apply to `action` (inputs that do not apply are not sent, so not checked). */
export function inputProblems(action: string, inputs: RequestInputs): InputProblems {
  const offered = offeredInputs(action, inputs);
  const out: InputProblems = {};
  const operation = offered.operations ? opOf(inputs) : undefined;
  const opProblem = operation === undefined ? null : s3FieldsProblem({ action, operation });
  if (opProblem) out.operation = opProblem.message;
  if (offered.objectKmsKeyArn && inputs.objectKmsKeyArn !== '') {
    const keyProblem = objectKmsKeyArnProblem(inputs.objectKmsKeyArn.trim());
    if (keyProblem) out.objectKmsKeyArn = `"objectKmsKeyArn" ${keyProblem}`;
  }
  return out;
}

/**
 * `request` with the inputs that apply to its action and pass the engine's checks: `operation` for s3:PutObject, the
 * object's key when the request reads it. Unchanged when none does.
 */
export function withRequestInputs(request: Request, inputs: RequestInputs): Request {
  const offered = offeredInputs(request.action, inputs);
  const problems = inputProblems(request.action, inputs);
  const operation = offered.operations ? sentOp(inputs) : undefined;
  const keyArn = inputs.objectKmsKeyArn.trim();
  const objectKmsKeyArn = offered.objectKmsKeyArn && !problems.objectKmsKeyArn && keyArn !== '' ? keyArn : undefined;
  return {
    ...request,
    ...(operation !== undefined ? { operation } : {}),
    ...(objectKmsKeyArn !== undefined ? { objectKmsKeyArn } : {}),
  };
}
