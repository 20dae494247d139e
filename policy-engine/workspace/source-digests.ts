/**
 * Digests of what an import read, so a later reader of the workspace can tell whether the imported files (and the
 * workspace's own copies of their policies) are still what the import saw. `rolecall import` records, beside
 * `workspace.sources`:
 * - `importNotes.fileDigests`: each imported file that `sources` names → `sha256:HEX` of its text;
 * - `importNotes.policyDigests`: each policy document sourced to such a file (by the id prepareWorkspace gives it) →
 *   `sha256:HEX` of its JSON as imported.
 * The CLI then cites a policy's lines in the imported file only when both digests still match (the file was not edited,
 * the workspace's copy of the policy was not edited); otherwise in the workspace file, with a note saying why.
 * Hashing is the caller's (node:crypto in the CLI and the app's main process): this module stays free of Node.
 */
import type { PolicyInput, Workspace } from '../model/workspace';
import { hasOwn } from '../guards';
import { sourceRecordOf } from './import-sources';
import { policyDocuments } from './policy-documents';

/** SHA-256 of a UTF-8 text, as lower-case hex. */
export type Sha256Hex = (text: string) => string;

const PREFIX = 'sha256:';

/** The digest recorded for a text: `sha256:HEX`. */
export const textDigest = (text: string, sha256: Sha256Hex): string => PREFIX + sha256(text);

/** The digest recorded for a policy document: of its JSON, as the workspace file holds it. */
export const policyDigest = (input: PolicyInput, sha256: Sha256Hex): string =>
  PREFIX + sha256(JSON.stringify(input) ?? '');

/** The files `workspace.sources` names (templates, plans, states, exports), each once, in first-seen order. */
export function recordedFiles(ws: Workspace): string[] {
  const sources = ws.sources && typeof ws.sources === 'object' ? ws.sources : {};
  const out = new Set<string>();
  for (const s of Object.values(sources)) if (s && typeof s.file === 'string') out.add(s.file);
  return [...out];
}

/**
 * Records the digests of this import's files (`files`: name as `sources` names it, and the text that was imported) and
 * of the policies sourced to them. Digests a base workspace brought for its own files are kept; a file imported again
 * gets its new digest.
 */
export function recordSourceDigests(
  ws: Workspace,
  files: readonly { name: string; text: string }[],
  sha256: Sha256Hex,
): void {
  const named = new Set(recordedFiles(ws));
  const texts = new Map<string, string>();
  for (const f of files) if (named.has(f.name) && !texts.has(f.name)) texts.set(f.name, f.text);
  if (texts.size === 0) return;
  const notes = (ws.importNotes ??= {});
  const fileDigests = (notes.fileDigests ??= {});
  for (const [name, text] of texts) fileDigests[name] = textDigest(text, sha256);
  const policyDigests = (notes.policyDigests ??= {});
  for (const d of policyDocuments(ws)) {
    const src = sourceRecordOf(ws, d);
    if (src && typeof src.file === 'string' && texts.has(src.file))
      policyDigests[d.policyId] = policyDigest(d.input, sha256);
  }
}

/** What a reader found of the files a workspace was imported from. */
export interface SourceCheck {
  /** The files whose text is the imported one (name as `sources` names it → text): positions may cite them. */
  texts: Record<string, string>;
  /** Files whose digest no longer matches: found, but edited since the import. */
  changed: string[];
  /** Files with a recorded digest that were not found. */
  missing: string[];
  /** Files `sources` names with no recorded digest (imported by a Rolecall that did not record them). */
  undigested: string[];
  /** Whether the workspace's copy of a policy is still the one imported (its digest matches). */
  unchanged(policyId: string, input: PolicyInput): boolean;
}

/**
 * Checks the files a workspace was imported from: `found` gives, for each file `recordedFiles` names, the texts read at
 * the places it may be (relative to the working directory, relative to the workspace file); the first whose digest
 * matches the recorded one is the file.
 */
export function checkSourceDigests(
  ws: Workspace,
  found: Record<string, readonly string[]>,
  sha256: Sha256Hex,
): SourceCheck {
  const notes = ws.importNotes && typeof ws.importNotes === 'object' ? ws.importNotes : {};
  const fileDigests = isRecord(notes.fileDigests) ? notes.fileDigests : {};
  const policyDigests = isRecord(notes.policyDigests) ? notes.policyDigests : {};
  const out: SourceCheck = {
    texts: {},
    changed: [],
    missing: [],
    undigested: [],
    unchanged: (policyId, input) =>
      hasOwn(policyDigests, policyId) && policyDigests[policyId] === policyDigest(input, sha256),
  };
  for (const file of recordedFiles(ws)) {
    const want = hasOwn(fileDigests, file) ? fileDigests[file] : undefined;
    if (typeof want !== 'string') {
      out.undigested.push(file);
      continue;
    }
    const candidates = hasOwn(found, file) ? found[file] : [];
    const match = candidates.find((text) => textDigest(text, sha256) === want);
    if (match !== undefined) out.texts[file] = match;
    else if (candidates.length > 0) out.changed.push(file);
    else out.missing.push(file);
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, string> => typeof v === 'object' && v !== null && !Array.isArray(v);
