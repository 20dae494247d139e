/**
 * The messages between the renderer and the engine worker. Everything is plain data (structured-clone safe).
 */
import { z } from 'zod';
import { isObj } from '../../../policy-engine/index';
import type {
  Answer,
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
   * When the text is what the user wrote in a workspace file (unedited): the file's name, and for each line of the
   * text the file position of its first column. Every position the engine reports for this policy is then in the
   * file; without it (an edited policy, a workspace not read from a file) positions are lines of the text itself.
   */
  inFile?: FileLines;
  /**
   * Set when the text above is rejected (not JSON, or not a valid policy) and a last valid version of it is evaluated
   * instead: that version's text and problems, so explanations highlight the statements that decided.
   */
  evaluated?: { text: string; diagnostics: Diagnostic[]; inFile?: FileLines };
}

/** Where each line of a policy's text sits in its file (see PolicyView.inFile); kept small (a 6,000-role summary). */
export interface FileLines {
  file: string;
  /** How many lines the text has. */
  count: number;
  /**
   * Runs of text lines, each `[textLine, fileLine, column]`: from `textLine` on (until the next run), text line n is
   * file line `fileLine + n − textLine` and its column 1 is file column `column` (what its indentation lost). An
   * object document is two runs (its first line, then the others) unless its lines are indented unevenly.
   */
  runs: [number, number, number][];
  /**
   * A policy written as a JSON string: for each text line, the file column of each of its columns (escapes make them
   * differ); absent when a text column is the file column shifted by the line's indentation.
   */
  columns?: number[][];
  /**
   * The text's lines are not the file's (a JSON string's value, all on the string's line; Rolecall's JSON of a template
   * document): the editor numbers the text's own lines and says where it came from (`origin`); the runs and columns
   * still map positions exactly.
   */
  ownLines?: true;
  /** Where the document is in the file and how it is written there ("a JSON string", "the YAML template", …). */
  origin?: { line: number; column: number; writtenAs: string };
}

/**
 * Where a baseline was read from: a workspace file (its text and name), or the files an import read (their texts by
 * the name `workspace.sources` gives them).
 */
export type LoadSource = { text: string; file: string } | { imported: Record<string, string> };

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
  /**
   * Cells allowed only through role chaining (the subject's session may sts:AssumeRole a role that is allowed), each
   * with its shortest chain of role ARNs; and the chains that leave the workspace (a role it does not hold).
   */
  viaChain?: { action: number; resource: number; chain: string[] }[];
  chainsLeaving?: string[][];
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

/** A plain object (not null, not an array): the shape check for data the engine validates itself. */
const plain = <T>(what: string) => z.custom<T>(isObj, `must be ${what}`);
/** An instant as the client sends it (`Date.toISOString()`). */
const instant = z.iso.datetime({ message: 'must be an ISO 8601 time' });
/** What a message answers: typed, not checked (the worker built it from the engine's own types). */
const answer = <T>() => z.custom<T>(() => true);

/**
 * The engine's messages, declared once: name → which worker runs it, the request schema, the answer type. The client's
 * methods, the workers' handlers and the wire types all derive from this table.
 *
 * `worker` is `interactive` (what the user is looking at now: load, resolve, explain, matrix), `analysis` (whole-
 * workspace questions that may take long: audit, diff, who can, classes, reach) or `both` (load: each worker holds its
 * own prepared copy of the workspace, so a long audit never delays the matrix).
 *
 * To add a message: add an entry here, a handler in `engine-handlers.ts` (the compiler asks for it), and a method in
 * `EngineClient` (engine-client.ts) that calls `call('name', request)`.
 */
export const engineMessages = {
  load: {
    worker: 'both',
    request: z.object({
      workspace: plain<Workspace>('a Rolecall workspace'),
      baseline: z.boolean(),
      /**
       * With a baseline: the file it was read from (its text and name), for positions in that file; or, for an import,
       * the imported files' texts by name (positions are then in those files).
       */
      source: z
        .union([
          z.object({ text: z.string(), file: z.string() }),
          z.object({ imported: z.record(z.string(), z.string()) }),
        ])
        .optional(),
    }),
    /** Null from the analysis worker, which prepares the workspace but builds no summary (nobody reads it). */
    response: answer<WorkspaceSummary | null>(),
  },
  resolve: {
    worker: 'interactive',
    request: z.object({ identity: plain<IdentityInput>('an identity'), now: instant }),
    response: answer<ResolutionView>(),
  },
  explain: {
    worker: 'interactive',
    request: z.object({ request: plain<Request>('a request'), now: instant, baseline: z.boolean().optional() }),
    response: answer<Answer>(),
  },
  matrix: {
    worker: 'interactive',
    request: z.object({
      subject: plain<PrincipalOrIdentity>('a principal or an identity'),
      withBaseline: z.boolean(),
      now: instant,
      resources: z.array(z.string()).optional(),
      /** A stream of jobs: a newer job supersedes the running one of the same lane only. */
      lane: z.string(),
    }),
    /** Null when cancelled or superseded. */
    response: answer<MatrixResult | null>(),
  },
  audit: { worker: 'analysis', request: z.object({ now: instant }), response: answer<AuditResult>() },
  whoCan: {
    worker: 'analysis',
    request: z.object({ action: z.string(), resource: z.string(), now: instant }),
    response: answer<WhoCanResult>(),
  },
  classes: {
    worker: 'analysis',
    /** `principals: false` leaves out the class of each IAM role and user (the ways in through Cognito only). */
    request: z.object({ now: instant, principals: z.literal(false).optional() }),
    response: answer<IdentityClass[]>(),
  },
  reach: {
    worker: 'analysis',
    request: z.object({ identityClass: plain<IdentityClass>('an identity class'), now: instant }),
    response: answer<Reach>(),
  },
  /** Null when the current workspace is the saved baseline. */
  diff: { worker: 'analysis', request: z.object({ now: instant }), response: answer<WorkspaceDiff | null>() },
  /** "Can anyone?": one identity class at a time, with progress; null when cancelled or superseded by a newer one. */
  prove: {
    worker: 'analysis',
    request: z.object({
      action: z.string(),
      resource: z.string(),
      now: instant,
      maxWitnesses: z.number().int().positive().optional(),
    }),
    response: answer<ProveAnswer | null>(),
  },
} as const;

/** Every message name. */
export type MessageName = keyof typeof engineMessages;
/** The request a message carries. */
export type MessageRequest<M extends MessageName> = z.output<(typeof engineMessages)[M]['request']>;
/** What a message answers. */
export type MessageResponse<M extends MessageName> = z.output<(typeof engineMessages)[M]['response']>;
/** Which worker a message goes to. */
export type WorkerRole = 'interactive' | 'analysis';

/** The table as the client and the workers use it: each message's request parser and answer parser, typed per name. */
export type MessageSchemas = {
  [M in MessageName]: {
    request: { parse(v: unknown): MessageRequest<M> };
    response: { parse(v: unknown): MessageResponse<M> };
  };
};
export const messageSchemas: MessageSchemas = engineMessages;

/** Every message name, in declaration order. */
export const messageNames = Object.keys(engineMessages).filter(isMessageName);
/** Tells whether a string names a message of the table. */
export function isMessageName(name: string): name is MessageName {
  return Object.prototype.hasOwnProperty.call(engineMessages, name);
}
/** Whether a worker of this role runs the message. */
export function runsOn(name: MessageName, role: WorkerRole): boolean {
  const worker: string = engineMessages[name].worker;
  return worker === 'both' || worker === role;
}

/**
 * Requests to a worker on the wire: a call (`id` pairs the reply with it; `request` is checked against the message's
 * schema by the worker, and typed by the client's `call`), or `cancel` (stop the running job `target`).
 */
export type EngineRequest =
  { id: number; type: MessageName; request: unknown } | { id: number; type: 'cancel'; target: number };

/** Replies from a worker. */
export type EngineReply =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'result'; value: unknown }
  | { id: number; type: 'error'; message: string }
  | { id: number; type: 'cancelled' };
