/**
 * The application shell: header, explorer, document, details, status bar. Loads the demo workspace on first start
 * and wires the File commands (menu in the desktop app, buttons and shortcuts everywhere).
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { ChangeEvent } from 'react';
import { api, isDesktop } from './api';
import { AppHeader } from './components/app-header';
import { DetailsPanel } from './components/details-panel';
import { DocumentView } from './components/document-view';
import { ProblemsPanel } from './components/problems-panel';
import { Sidebar } from './components/sidebar';
import { SidebarToggle, useSidebarCollapsed } from './components/sidebar-toggle';
import { StatusBar } from './components/status-bar';
import { ArnDialog } from './features/load/arn-dialog';
import { Workbench } from './features/workbench/workbench';
import { saveWorkspaceWithEdits } from './features/workbench/use-session';
import { useThemeStore } from './store/theme-store';
import { useWorkspaceStore } from './store/workspace-store';
import type { PickedFile } from './store/workspace-store';
import { findItem } from './workspace/outline';
import { folderFileIncluded } from '../../policy-engine/workspace/index';

async function readPicked(event: ChangeEvent<HTMLInputElement>): Promise<PickedFile[]> {
  const files = Array.from(event.target.files ?? []);
  event.target.value = '';
  return Promise.all(files.map(async (file) => ({ name: file.name, text: await file.text() })));
}

/**
 * The files of a folder the user chose (`<input webkitdirectory>`): the ones an import reads (the CLI's folder rule),
 * named by their path under the folder and marked `fromFolder` (a file of an unknown shape is then skipped).
 */
async function readFolder(event: ChangeEvent<HTMLInputElement>): Promise<PickedFile[]> {
  const files = Array.from(event.target.files ?? []);
  event.target.value = '';
  const chosen = files.filter((f) => folderFileIncluded(f.webkitRelativePath || f.name));
  return Promise.all(
    chosen.map(async (file) => ({
      name: file.webkitRelativePath || file.name,
      text: await file.text(),
      fromFolder: true,
    })),
  );
}

/** The root component. */
export function App() {
  const state = useWorkspaceStore();
  const theme = useThemeStore((s) => s.theme);
  const openInput = useRef<HTMLInputElement>(null);
  const importInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [sidebarCollapsed, setSidebarCollapsed] = useSidebarCollapsed();
  const selected = useMemo(() => findItem(state.outline, state.selectedId), [state.outline, state.selectedId]);

  useEffect(() => {
    if (useWorkspaceStore.getState().workspace === null) useWorkspaceStore.getState().loadDemo();
  }, []);

  const open = useCallback(() => {
    if (isDesktop) void useWorkspaceStore.getState().openWithDialog();
    else openInput.current?.click();
  }, []);
  const importFiles = useCallback(() => importInput.current?.click(), []);
  const save = useCallback((saveAs = false) => void saveWorkspaceWithEdits(saveAs), []);

  useEffect(
    () =>
      api.onMenuCommand((command) => {
        if (command === 'open') open();
        else if (command === 'import') importFiles();
        else save(command === 'saveAs');
      }),
    [open, importFiles, save],
  );

  // In the desktop app the menu's accelerators do this; a browser needs its own shortcuts.
  useEffect(() => {
    if (isDesktop) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      if (key === 's') save(event.shiftKey);
      else if (key === 'o') open();
      else if (key === 'i') importFiles();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, importFiles, save]);

  return (
    <div className="app">
      <AppHeader
        workspace={state.workspace}
        source={state.source}
        busy={state.busy}
        onOpen={open}
        onImport={importFiles}
        onImportFolder={() => folderInput.current?.click()}
        onSave={() => save()}
      />
      <input
        ref={openInput}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label="Workspace file to open"
        onChange={async (e) => {
          const [file] = await readPicked(e);
          if (file) state.openPicked(file);
        }}
      />
      <input
        ref={importInput}
        type="file"
        accept=".json,.yaml,.yml,.template"
        multiple
        hidden
        aria-label="Files to import"
        onChange={async (e) => void state.importPicked(await readPicked(e))}
      />
      <input
        ref={folderInput}
        type="file"
        hidden
        aria-label="Folder to import"
        {...{ webkitdirectory: '', directory: '' }}
        onChange={async (e) => void state.importPicked(await readFolder(e))}
      />
      {state.pendingImport && (
        <ArnDialog
          key={state.pendingImport.requests.map((r) => `${r.file}=${r.suggestion}`).join('\n')}
          requests={state.pendingImport.requests}
          onSubmit={(arns) => void state.retryImportWithArns(arns)}
          onSkip={state.skipPendingImport}
          onCancel={state.cancelPendingImport}
        />
      )}
      <div className={`workbench ${sidebarCollapsed ? 'sidebar-collapsed' : ''}`}>
        <div className="sidebar-column" id="workspace-explorer">
          <SidebarToggle collapsed={sidebarCollapsed} onToggle={() => setSidebarCollapsed(!sidebarCollapsed)} />
          {!sidebarCollapsed && (
            <Sidebar sections={state.outline} selectedId={state.selectedId} onSelect={state.select} />
          )}
        </div>
        <main className="main-area">
          <ProblemsPanel problems={state.problems} onDismiss={state.dismissProblems} />
          <Workbench
            explorer={
              <>
                <DocumentView item={selected} theme={theme} />
                <DetailsPanel item={selected} />
              </>
            }
          />
        </main>
      </div>
      <StatusBar workspace={state.workspace} notice={state.notice} isDesktop={isDesktop} />
    </div>
  );
}
