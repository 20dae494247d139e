/**
 * The loaded workspace: its text, the parsed workspace, where it came from, and the selected outline item.
 * Talks to the host only through `api`; parsing runs here, in the renderer, with the engine's own parser.
 */
import { create } from 'zustand';
import type { Diagnostic } from '../../../policy-engine/model/diagnostic';
import type { Workspace } from '../../../policy-engine/model/workspace';
import { parseWorkspaceText } from '../../../policy-engine/workspace/schema';
import demoWorkspaceText from '../../../examples/demo.rolecall.json?raw';
import { api, isDesktop } from '../api';
import { buildOutline, defaultSelection } from '../workspace/outline';
import type { OutlineSection } from '../workspace/outline';

/** Where the current workspace came from. */
export type WorkspaceSource = { kind: 'demo' } | { kind: 'file'; path: string } | { kind: 'import'; names: string[] } | { kind: 'none' };

/** A file picked in the browser (no paths there): its name and text. */
export interface PickedFile {
  name: string;
  text: string;
}

/** The workspace store's state and actions. */
export interface WorkspaceState {
  text: string;
  workspace: Workspace | null;
  outline: OutlineSection[];
  source: WorkspaceSource;
  /** Problems of the last load/save; errors block, warnings are shown. */
  problems: Diagnostic[];
  /** A one-line status message ("Saved to …"). */
  notice: string | null;
  busy: boolean;
  selectedId: string | null;
  /** Parses and shows workspace text; keeps the previous workspace when the text is not valid. */
  loadText(text: string, source: WorkspaceSource, file: string): boolean;
  loadDemo(): void;
  select(id: string): void;
  /** Desktop: the open dialog. */
  openWithDialog(): Promise<void>;
  /** Browser: a workspace file picked with `<input type=file>`. */
  openPicked(file: PickedFile): void;
  /** Imports exports/templates through the host's importer. */
  importPicked(files: PickedFile[]): Promise<void>;
  /** Saves to the current file (or asks where, or downloads in the browser). */
  save(saveAs?: boolean): Promise<void>;
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

/** The store. */
export const useWorkspaceStore = create<WorkspaceState>((set, get) => ({
  text: '',
  workspace: null,
  outline: [],
  source: { kind: 'none' },
  problems: [],
  notice: null,
  busy: false,
  selectedId: null,

  loadText(text, source, file) {
    const parsed = parseWorkspaceText(text, file);
    if (!parsed.ok) {
      set({ problems: parsed.errors, notice: `${file} was not loaded: ${parsed.errors.length} problem(s).` });
      return false;
    }
    const outline = buildOutline(parsed.value);
    set({
      text,
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
    get().loadText(result.value.text, { kind: 'file', path: result.value.path }, result.value.path);
  },

  openPicked(file) {
    get().loadText(file.text, { kind: 'import', names: [file.name] }, file.name);
  },

  async importPicked(files) {
    if (files.length === 0) return;
    set({ busy: true, notice: `Importing ${files.length} file(s)…` });
    const result = await api.importFiles({ files, options: {} });
    set({ busy: false });
    if (!result.ok) return set({ problems: result.errors, notice: 'Import failed.' });
    get().loadText(result.value.text, { kind: 'import', names: files.map((f) => f.name) }, files.map((f) => f.name).join(', '));
  },

  async save(saveAs = false) {
    const { text, source, workspace } = get();
    if (!workspace) return;
    const path = source.kind === 'file' && !saveAs ? source.path : undefined;
    if (!isDesktop && path === undefined) {
      downloadText(`${(workspace.name ?? 'workspace').replace(/[^\w.-]+/g, '-').toLowerCase()}.rolecall.json`, text);
      return set({ notice: 'Downloaded the workspace file.' });
    }
    set({ busy: true });
    const result = await api.saveWorkspace(path === undefined ? { text } : { path, text });
    set({ busy: false });
    if (!result.ok) return set({ problems: result.errors, notice: 'Save failed.' });
    if (result.value.canceled) return;
    set({ source: { kind: 'file', path: result.value.path }, notice: `Saved to ${result.value.path}` });
  },

  dismissProblems() {
    set({ problems: [] });
  },
}));
