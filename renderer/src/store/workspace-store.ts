/**
 * The loaded workspace: its text, the parsed workspace, where it came from, and the selected outline item.
 * Talks to the host only through `api`; parsing runs here, in the renderer, with the engine's own parser.
 */
import { create } from 'zustand';
import type { Diagnostic, Workspace } from '../../../policy-engine/model/index';
import { parseWorkspaceText } from '../../../policy-engine/workspace/index';
import demoWorkspaceText from '../../../examples/demo.rolecall.json?raw';
import { api, isDesktop } from '../api';
import { buildOutline, defaultSelection } from '../workspace/outline';
import { arnRequests, importProblems, withResourceArns } from '../features/load/arn-requests';
import type { ArnRequest } from '../features/load/arn-requests';
import type { OutlineSection } from '../workspace/outline';
import type { LoadSource } from '../engine/protocol';

/**
 * Where the current workspace came from. A file is known by the opaque handle the host gave out when the user chose
 * it in a dialog (the renderer never holds a path it could read or write); `name` is only for display.
 */
export type WorkspaceSource =
  | { kind: 'demo' }
  | { kind: 'file'; handle: string; name: string }
  /**
   * An import: the files it read, with their texts (by name, as `workspace.sources` names them: the app cites their
   * lines), or `fetched` from a live account (no file holds the policies).
   */
  | { kind: 'import'; names: string[]; texts?: Record<string, string>; fetched?: true }
  /** A workspace file opened in the browser (no path or handle there): only its name. */
  | { kind: 'opened'; name: string }
  | { kind: 'none' };

/** Which workspace a crash-recovery draft belongs to (the host keeps one draft per workspace). */
export function draftOf(source: WorkspaceSource): { handle?: string; key: string } {
  switch (source.kind) {
    case 'file':
      return { handle: source.handle, key: 'file' };
    case 'import':
      return { key: `import:${source.names.join('\n')}` };
    case 'opened':
      return { key: `opened:${source.name}` };
    default:
      return { key: source.kind };
  }
}

/** A file picked in the browser (no paths there): its name and text. */
export interface PickedFile {
  name: string;
  text: string;
  /** The bucket, table, role or policy the file belongs to, when the user named it (the CLI's FILE=ARN). */
  resourceArn?: string;
  /** Read from a folder the user chose (cdk.out, amplify/backend): a file of an unknown shape is skipped. */
  fromFolder?: boolean;
}

/** An import that waits for the user to name the resources some files belong to. */
export interface PendingImport {
  files: PickedFile[];
  requests: ArnRequest[];
  /** What imported without those files (workspace text), and its other problems. */
  text: string;
  problems: Diagnostic[];
}

/** The workspace store's state and actions. */
export interface WorkspaceState {
  text: string;
  /** The name `text` was loaded as (the file's name), for positions in it. */
  file: string;
  workspace: Workspace | null;
  outline: OutlineSection[];
  source: WorkspaceSource;
  /** Problems of the last load/save; errors block, warnings are shown. */
  problems: Diagnostic[];
  /** A one-line status message ("Saved to …"). */
  notice: string | null;
  busy: boolean;
  selectedId: string | null;
  /** Set while the app asks for the ARNs of files the importer could not place. */
  pendingImport: PendingImport | null;
  /** Parses and shows workspace text; keeps the previous workspace when the text is not valid. */
  loadText(text: string, source: WorkspaceSource, file: string): boolean;
  loadDemo(): void;
  select(id: string): void;
  /** Desktop: the open dialog. */
  openWithDialog(): Promise<void>;
  /** Browser: a workspace file picked with `<input type=file>`. */
  openPicked(file: PickedFile): void;
  /**
   * Imports exports/templates through the host's importer. Files it cannot place (`import.needs-arn`, e.g. a bare
   * get-bucket-policy output) make it wait in `pendingImport` for their ARNs.
   */
  importPicked(files: PickedFile[]): Promise<void>;
  /** Imports the pending files again with the ARNs the user gave (file name → ARN). */
  retryImportWithArns(arns: Record<string, string>): Promise<void>;
  /** Loads what the pending import brought in, without the files that need an ARN. */
  skipPendingImport(): void;
  /** Drops the pending import; the current workspace stays. */
  cancelPendingImport(): void;
  /** Saves to the current file (or asks where, or downloads in the browser); true when the workspace was written. */
  save(saveAs?: boolean): Promise<boolean>;
  dismissProblems(): void;
}

function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * What the engine cites positions in for the loaded workspace `ws`: the file it was read from, or the files an import
 * read (a fetch from a live account has none: its positions are lines of Rolecall's generated copy).
 */
export function loadSourceOf(
  state: Pick<WorkspaceState, 'workspace' | 'source' | 'text' | 'file'>,
  ws: Workspace,
): LoadSource | undefined {
  if (state.workspace !== ws) return undefined;
  if (state.source.kind === 'import') return state.source.texts ? { imported: state.source.texts } : undefined;
  return state.text ? { text: state.text, file: state.file } : undefined;
}

/** The imported files' texts by name. */
function textsOf(files: { name: string; text: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of files) out[f.name] = f.text;
  return out;
}

/** The store. */
export const useWorkspaceStore = create<WorkspaceState>((set, get) => ({
  text: '',
  file: '',
  workspace: null,
  outline: [],
  source: { kind: 'none' },
  problems: [],
  notice: null,
  busy: false,
  selectedId: null,
  pendingImport: null,

  loadText(text, source, file) {
    const parsed = parseWorkspaceText(text, file);
    if (!parsed.ok) {
      set({ problems: parsed.errors, notice: `${file} was not loaded: ${parsed.errors.length} problem(s).` });
      return false;
    }
    const outline = buildOutline(parsed.value);
    set({
      text,
      file,
      workspace: parsed.value,
      outline,
      source,
      problems: parsed.diagnostics ?? [],
      notice: `Loaded ${file}`,
      selectedId: defaultSelection(outline, parsed.value),
    });
    return true;
  },

  loadDemo() {
    get().loadText(demoWorkspaceText, { kind: 'demo' }, 'demo.rolecall.json');
  },

  select(id) {
    set({ selectedId: id });
  },

  async openWithDialog() {
    set({ busy: true });
    const result = await api.openWorkspace();
    set({ busy: false });
    if (!result.ok) return set({ problems: result.errors, notice: 'Open failed.' });
    if (result.value.canceled) return;
    get().loadText(
      result.value.text,
      { kind: 'file', handle: result.value.handle, name: result.value.name },
      result.value.name,
    );
  },

  openPicked(file) {
    get().loadText(file.text, { kind: 'opened', name: file.name }, file.name);
  },

  async importPicked(files) {
    if (files.length === 0) return;
    set({ busy: true, notice: `Importing ${files.length} file(s)…` });
    const result = await api.importFiles({ files, options: {} });
    set({ busy: false });
    if (!result.ok) return set({ problems: result.errors, notice: 'Import failed.' });
    const { report, text } = result.value;
    const requests = arnRequests(report, files);
    const others = importProblems({
      ...report,
      errors: report.errors.filter(
        (e) => !requests.some((r) => r.file === e.file && /^import\.(needs|bad)-arn$/.test(e.code)),
      ),
    });
    if (requests.length > 0) {
      return set({
        pendingImport: { files, requests, text, problems: others },
        notice: `${requests.length} file(s) need the ARN of the resource they belong to.`,
      });
    }
    set({ pendingImport: null });
    if (
      get().loadText(
        text,
        { kind: 'import', names: files.map((f) => f.name), texts: textsOf(files) },
        files.map((f) => f.name).join(', '),
      )
    ) {
      if (others.length > 0) set({ problems: [...others, ...get().problems] });
    }
  },

  async retryImportWithArns(arns) {
    const pending = get().pendingImport;
    if (!pending) return;
    await get().importPicked(withResourceArns(pending.files, arns));
  },

  skipPendingImport() {
    const pending = get().pendingImport;
    if (!pending) return;
    set({ pendingImport: null });
    const names = pending.files.filter((f) => !pending.requests.some((r) => r.file === f.name)).map((f) => f.name);
    if (names.length === 0) return set({ notice: 'Nothing was imported.' });
    const source: WorkspaceSource = { kind: 'import', names, texts: textsOf(pending.files) };
    if (get().loadText(pending.text, source, names.join(', ')) && pending.problems.length > 0) {
      set({ problems: [...pending.problems, ...get().problems] });
    }
  },

  cancelPendingImport() {
    set({ pendingImport: null, notice: 'Import canceled.' });
  },

  async save(saveAs = false) {
    const { text, source, workspace } = get();
    if (!workspace) return false;
    const handle = source.kind === 'file' && !saveAs ? source.handle : undefined;
    if (!isDesktop && handle === undefined) {
      downloadText(`${(workspace.name ?? 'workspace').replace(/[^\w.-]+/g, '-').toLowerCase()}.rolecall.json`, text);
      set({ notice: 'Downloaded the workspace file.' });
      return true;
    }
    set({ busy: true });
    const result = await api.saveWorkspace(handle === undefined ? { text } : { handle, text });
    set({ busy: false });
    if (!result.ok) {
      set({ problems: result.errors, notice: 'Save failed.' });
      return false;
    }
    if (result.value.canceled) return false;
    set({
      source: { kind: 'file', handle: result.value.handle, name: result.value.name },
      notice: `Saved to ${result.value.name}`,
    });
    return true;
  },

  dismissProblems() {
    set({ problems: [] });
  },
}));
