/**
 * The IPC contract: every channel between the renderer and its host (Electron main or the browser host), declared once.
 *
 * Each entry names the channel, the bridge method the renderer calls, and zod schemas for the request and the
 * response. Main, the preload, the web host and the renderer's types all derive from this table, so a channel cannot
 * be added in one place and forgotten in another. This module is shared with the renderer: zod and types only.
 */
import { z } from 'zod';
import type { Diagnostic, Result, Workspace } from '../../policy-engine/model/index';
import type { ImportReport } from '../../policy-engine/workspace/index';

/** The largest workspace or import text a request may carry (characters). */
export const MAX_TEXT_LENGTH = 32 * 1024 * 1024;
/** The most files one import request may carry. */
export const MAX_IMPORT_FILES = 500;

const text = z.string().max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`);
const shortString = z.string().min(1, 'must not be empty').max(256, 'must be at most 256 characters');
const stringMap = z.record(z.string().max(1024), z.string().max(64 * 1024));
const empty = z.strictObject({}).default({});
const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
const workspace = z.custom<Workspace>(
  (v) => isObject(v) && (v as { format?: unknown }).format === 'rolecall-workspace',
  'not a Rolecall workspace',
);
const importReport = z.custom<ImportReport>(isObject, 'not an import report');
const diagnostic = z.custom<Diagnostic>(
  (v) => isObject(v) && typeof (v as { message?: unknown }).message === 'string',
  'not a diagnostic',
);

/**
 * Only loopback endpoints: the endpoint receives signed requests carrying the session token, so a renderer must
 * not be able to point the host's AWS credentials at another machine.
 */
const loopbackEndpoint = z
  .string()
  .max(256)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
      );
    } catch {
      return false;
    }
  }, 'must be an http(s) URL on 127.0.0.1, localhost or [::1]');

/**
 * A file the user chose, as the renderer sees it: an opaque handle the host minted when the user picked the file in
 * an open or save dialog. The host keeps the path; a renderer (or a browser-host client) can never name a path itself.
 */
export const FILE_HANDLE_PATTERN = /^fh_[0-9a-f]{32}$/;
const fileHandle = z
  .string()
  .regex(FILE_HANDLE_PATTERN, 'must be a file handle the host returned from an open or save dialog');
/** What the renderer may show of a chosen file (display only; it opens nothing). */
const chosenFile = { handle: z.string(), name: z.string() };
const loadedWorkspace = z.object({ ...chosenFile, text: z.string(), workspace });
const imported = z.object({ workspace, report: importReport, text: z.string() });
const draft = z.object({ text: z.string(), savedAt: z.string() });
/**
 * Which workspace a crash-recovery draft belongs to: a chosen file's handle, or, for a workspace not from a file, the
 * renderer's name for it (`demo`, `import:a.json`). Drafts are kept per workspace, so one is never offered for another.
 */
const draftOf = z.strictObject({
  handle: fileHandle.optional(),
  key: z.string().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters'),
});
const progress = z.object({ done: z.number(), total: z.number(), message: z.string() });

/** The channel table: channel name → bridge method name, request schema, response schema. */
export const channels = {
  'app:getDemoWorkspace': { method: 'getDemoWorkspace', request: empty, response: z.object({ text: z.string() }) },
  'workspace:open': {
    method: 'openWorkspace',
    request: empty,
    response: z.union([
      z.object({ canceled: z.literal(true) }),
      loadedWorkspace.extend({ canceled: z.literal(false) }),
    ]),
  },
  'workspace:save': {
    method: 'saveWorkspace',
    /** With a handle: the file the user chose before. Without: the host asks where (a save dialog). Never a path. */
    request: z.strictObject({ handle: fileHandle.optional(), text }),
    response: z.union([
      z.object({ canceled: z.literal(true) }),
      z.object({ canceled: z.literal(false), ...chosenFile }),
    ]),
  },
  'draft:save': {
    method: 'saveDraft',
    request: z.strictObject({ of: draftOf, text }),
    response: z.object({ savedAt: z.string() }),
  },
  'draft:load': {
    method: 'loadDraft',
    request: z.strictObject({ of: draftOf }),
    response: z.object({ draft: draft.nullable() }),
  },
  'draft:clear': { method: 'clearDraft', request: z.strictObject({ of: draftOf }), response: z.object({}) },
  'import:files': {
    method: 'importFiles',
    request: z.strictObject({
      files: z
        .array(
          z.strictObject({
            name: shortString.max(1024),
            text,
            resourceArn: z.string().max(2048).optional(),
            /** Read from a folder the user chose: a file of an unknown shape is skipped, not an error. */
            fromFolder: z.boolean().optional(),
          }),
        )
        .min(1, 'must name at least one file')
        .max(MAX_IMPORT_FILES, `must hold at most ${MAX_IMPORT_FILES} files`),
      options: z
        .strictObject({
          accountId: z
            .string()
            .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
            .optional(),
          region: z
            .string()
            .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as us-east-1')
            .optional(),
          partition: z.enum(['aws', 'aws-cn', 'aws-us-gov']).optional(),
          parameters: stringMap.optional(),
          physicalIds: stringMap.optional(),
          /** The workspace to merge into, as workspace text (parsed and validated by the host). */
          baseText: text.optional(),
        })
        .default({}),
    }),
    response: imported,
  },
  'aws:listProfiles': {
    method: 'listAwsProfiles',
    request: empty,
    response: z.object({ profiles: z.array(z.string()) }),
  },
  'aws:fetchStart': {
    method: 'startAwsFetch',
    request: z.strictObject({
      profile: shortString.optional(),
      region: z
        .string()
        .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as us-east-1')
        .optional(),
      identityPoolIds: z
        .array(z.string().regex(/^[\w-]+:[0-9a-f-]+$/, 'must be an identity pool id such as us-east-1:0d3f…'))
        .max(100)
        .optional(),
      endpoint: loopbackEndpoint.optional(),
    }),
    response: z.object({ jobId: z.string() }),
  },
  'aws:fetchStatus': {
    method: 'getAwsFetchStatus',
    request: z.strictObject({ jobId: z.string().uuid('must be a job id returned by startAwsFetch') }),
    response: z.object({
      progress,
      finished: z.boolean(),
      result: imported.optional(),
      errors: z.array(diagnostic).optional(),
    }),
  },
} as const;

/** Every channel name, as one union. */
export type ChannelName = keyof typeof channels;
/** The request a channel takes, after validation (defaults applied). */
export type ChannelRequest<C extends ChannelName> = z.output<(typeof channels)[C]['request']>;
/** The request a channel takes, as the caller may write it. */
export type ChannelInput<C extends ChannelName> = z.input<(typeof channels)[C]['request']>;
/** What a channel answers when it succeeds. */
export type ChannelResponse<C extends ChannelName> = z.output<(typeof channels)[C]['response']>;
/** What a channel answers: always a tagged result, never a thrown error. */
export type ChannelResult<C extends ChannelName> = Result<ChannelResponse<C>>;
/** The bridge method name of a channel. */
export type MethodOf<C extends ChannelName> = (typeof channels)[C]['method'];

/** The menu commands main forwards to the renderer (File Open/Save/Import). */
export const menuCommands = ['open', 'save', 'saveAs', 'import'] as const;
/** One menu command. */
export type MenuCommand = (typeof menuCommands)[number];
/** The one main→renderer event channel: a menu item was chosen. */
export const MENU_EVENT_CHANNEL = 'menu:command';

type MethodArgs<C extends ChannelName> =
  Record<string, never> extends ChannelInput<C> ? [payload?: ChannelInput<C>] : [payload: ChannelInput<C>];

/** The object the renderer sees as `window.api`: one named method per channel, plus the menu subscription. */
export type BridgeApi = {
  [C in ChannelName as MethodOf<C>]: (...args: MethodArgs<C>) => Promise<ChannelResult<C>>;
} & {
  /** Calls `listener` for each menu command; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
};

/** Sends one request to the host; the host answers with a tagged result. */
export type Invoke = (channel: ChannelName, payload: unknown) => Promise<unknown>;
/** Subscribes to menu commands from the host. */
export type SubscribeMenu = (listener: (command: MenuCommand) => void) => () => void;

/** Every channel name, in declaration order. */
export const channelNames = Object.keys(channels) as ChannelName[];

/**
 * Builds the bridge object from a transport. The preload passes `ipcRenderer.invoke`, the renderer's browser
 * fallback passes `fetch`; everything above sees the same typed methods.
 */
export function createBridgeApi(invoke: Invoke, subscribeMenu: SubscribeMenu = () => () => undefined): BridgeApi {
  const api: Record<string, unknown> = {};
  for (const channel of channelNames) {
    api[channels[channel].method] = (payload?: unknown) => invoke(channel, payload ?? {});
  }
  api.onMenuCommand = (listener: (command: MenuCommand) => void) =>
    subscribeMenu((command) => {
      if ((menuCommands as readonly string[]).includes(command)) listener(command);
    });
  return api as BridgeApi;
}

/** Tells whether a string names a channel of the contract. */
export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(channels, name);
}
