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
  // Each value is read with its own selector, so the shell renders again only when one of these changes.
  const busy = useWorkspaceStore((s) => s.busy);
  const notice = useWorkspaceStore((s) => s.notice);
  const outline = useWorkspaceStore((s) => s.outline);
  const pendingImport = useWorkspaceStore((s) => s.pendingImport);
  const problems = useWorkspaceStore((s) => s.problems);
  const selectedId = useWorkspaceStore((s) => s.selectedId);
  const source = useWorkspaceStore((s) => s.source);
  const workspace = useWorkspaceStore((s) => s.workspace);
  // Actions never change; read once.
  const {
    cancelPendingImport,
    dismissProblems,
    importPicked,
    openPicked,
    retryImportWithArns,
    select,
    skipPendingImport,
  } = useWorkspaceStore.getState();
  const theme = useThemeStore((s) => s.theme);
  const openInput = useRef<HTMLInputElement>(null);
  const importInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [sidebarCollapsed, setSidebarCollapsed] = useSidebarCollapsed();
  const selected = useMemo(() => findItem(outline, selectedId), [outline, selectedId]);

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
        workspace={workspace}
        source={source}
        busy={busy}
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
          if (file) openPicked(file);
        }}
      />
      <input
        ref={importInput}
        type="file"
        accept=".json,.yaml,.yml,.template"
        multiple
        hidden
        aria-label="Files to import"
        onChange={async (e) => void importPicked(await readPicked(e))}
      />
      <input
        ref={folderInput}
        type="file"
        hidden
        aria-label="Folder to import"
        {...{ webkitdirectory: '', directory: '' }}
        onChange={async (e) => void importPicked(await readFolder(e))}
      />
      {pendingImport && (
        <ArnDialog
          key={pendingImport.requests.map((r) => `${r.file}=${r.suggestion}`).join('\n')}
          requests={pendingImport.requests}
          onSubmit={(arns) => void retryImportWithArns(arns)}
          onSkip={skipPendingImport}
          onCancel={cancelPendingImport}
        />
      )}
      <div className={`workbench ${sidebarCollapsed ? 'sidebar-collapsed' : ''}`}>
        <div className="sidebar-column" id="workspace-explorer">
          <SidebarToggle collapsed={sidebarCollapsed} onToggle={() => setSidebarCollapsed(!sidebarCollapsed)} />
          {!sidebarCollapsed && <Sidebar sections={outline} selectedId={selectedId} onSelect={select} />}
        </div>
        <main className="main-area">
          <ProblemsPanel problems={problems} onDismiss={dismissProblems} />
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
      <StatusBar workspace={workspace} notice={notice} isDesktop={isDesktop} />
    </div>
  );
}
