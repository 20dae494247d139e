/**
 * The messages between the renderer and the engine worker. Everything is plain data (structured-clone safe).
 */
import type {
  Diagnostic,
  IdentityInput,
  PolicyType,
  Range,
  Request,
  Workspace,
} from '../../../policy-engine/model/index';
import type { IdentityResolution } from '../../../policy-engine/cognito/index';
import type { ActionMeta, MatrixCell } from '../features/matrix/matrix-model';
import type {
  AuditResult,
  IdentityClass,
  Reach,
  WhoCanResult,
  WorkspaceDiff,
} from '../../../policy-engine/analysis/index';

import type { ProveResult } from '../../../policy-engine/prove/index';

export type { AuditResult, IdentityClass, Reach, WhoCanResult, WorkspaceDiff, ProveResult };

/** The "Can anyone?" answer: the prover's result, or why the question was refused (the field at fault, a guess). */
export type ProveAnswer =
  | { kind: 'result'; result: ProveResult; ms: number }
  | { kind: 'inputError'; field: 'action' | 'resource'; message: string; suggestion?: string };

/** One policy as the engine parsed it: the exact text positions refer to, its statements and its problems. */
export interface PolicyView {
  policyId: string;
  policyType: PolicyType;
  text: string;
  statements: { index: number; sid?: string; effect: 'Allow' | 'Deny'; range: Range }[];
  diagnostics: Diagnostic[];
  /**
   * Set when the text above is rejected (not JSON, or not a valid policy) and a last valid version of it is evaluated
   * instead: that version's text and problems, so explanations highlight the statements that decided.
   */
  evaluated?: { text: string; diagnostics: Diagnostic[] };
}

/**
 * An edited policy AWS would refuse (MalformedPolicyDocument), so it can never take effect: the results use its last
 * valid version until it is fixed. `error` is its first error (a JSON error when `json`).
 */
export interface HeldBackEdit {
  policyId: string;
  json: boolean;
  error: Diagnostic;
}

/** What loading a workspace into the engine tells the UI. */
export interface WorkspaceSummary {
  diagnostics: Diagnostic[];
  policies: PolicyView[];
  actions: ActionMeta[];
  resources: string[];
  /** Edited policies that are invalid and evaluated as their last valid version instead (empty when none). */
  heldBack: HeldBackEdit[];
  /** Milliseconds spent preparing (parse, validate, compile). */
  prepareMs: number;
}

/** Who a matrix is for. */
export type PrincipalOrIdentity = { principal: string } | { identity: IdentityInput };

/** One computed matrix. */
export interface MatrixResult {
  roleArn: string | null;
  principalArn: string | null;
  /** [action][resource], actions in `WorkspaceSummary.actions` order. */
  decisions: MatrixCell[][];
  /** The same subject against the saved baseline, when asked for. */
  baseline?: MatrixCell[][];
  error?: string;
  /** Milliseconds of engine time. */
  ms: number;
}

/** An identity resolution without the internal principal object. */
export type ResolutionView = Omit<IdentityResolution, 'principal'> & {
  principalArn: string | null;
  sessionContext: Record<string, string | string[]>;
  sessionTags: Record<string, string>;
  sessionPolicyIds: string[];
};

/** Requests to the worker. `id` pairs a reply with its request. */
export type EngineRequest =
  | { id: number; type: 'load'; workspace: Workspace; baseline: boolean }
  | { id: number; type: 'resolve'; identity: IdentityInput; now: string }
  | {
      id: number;
      type: 'matrix';
      subject: PrincipalOrIdentity;
      withBaseline: boolean;
      now: string;
      resources?: string[];
      lane: string;
    }
  | { id: number; type: 'explain'; request: Request; now: string; baseline?: boolean }
  | { id: number; type: 'cancel'; target: number }
  | { id: number; type: 'audit'; now: string }
  | { id: number; type: 'whoCan'; action: string; resource: string; now: string }
  | { id: number; type: 'classes'; now: string }
  | { id: number; type: 'reach'; identityClass: IdentityClass; now: string }
  | { id: number; type: 'diff'; now: string }
  | { id: number; type: 'prove'; action: string; resource: string; now: string; maxWitnesses?: number };

/** Replies from the worker. */
export type EngineReply =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'result'; value: unknown }
  | { id: number; type: 'error'; message: string }
  | { id: number; type: 'cancelled' };
