/**
 * The title bar: the workspace's name and account, and the File actions.
 */
import type { Workspace } from '../../../policy-engine/model/index';
import type { WorkspaceSource } from '../store/workspace-store';

/** Props of AppHeader. */
export interface AppHeaderProps {
  workspace: Workspace | null;
  source: WorkspaceSource;
  busy: boolean;
  onOpen(): void;
  onImport(): void;
  /** Imports a whole folder (cdk.out, amplify/backend); the button shows only when given. */
  onImportFolder?(): void;
  onSave(): void;
}

function sourceLabel(source: WorkspaceSource): string {
  switch (source.kind) {
    case 'demo':
      return 'Demo workspace';
    case 'file':
    case 'opened':
      return source.name;
    case 'import':
      return `Imported from ${source.names.join(', ')}`;
    default:
      return 'No workspace';
  }
}

/** The header bar. */
export function AppHeader({ workspace, source, busy, onOpen, onImport, onImportFolder, onSave }: AppHeaderProps) {
  return (
    <header className="app-header">
      <div className="brand" aria-hidden="true">
        <span className="brand-mark">R</span>
        <span className="brand-name">Rolecall</span>
      </div>
      <div className="header-title">
        <h1>{workspace?.name ?? 'Untitled workspace'}</h1>
        <span className="header-source" title={sourceLabel(source)}>
          {sourceLabel(source)}
        </span>
      </div>
      {workspace && (
        <dl className="header-facts" aria-label="Workspace facts">
          <div>
            <dt>Account</dt>
            <dd>{workspace.accountId ?? '—'}</dd>
          </div>
          <div>
            <dt>Region</dt>
            <dd>{workspace.region ?? '—'}</dd>
          </div>
          <div>
            <dt>Partition</dt>
            <dd>{workspace.partition ?? 'aws'}</dd>
          </div>
        </dl>
      )}
      <div className="header-actions" role="toolbar" aria-label="File">
        <button type="button" onClick={onOpen} disabled={busy} title="Open a workspace file (Ctrl+O)">
          Open…
        </button>
        <button
          type="button"
          onClick={onImport}
          disabled={busy}
          title="Import AWS exports, CloudFormation templates, serverless.yml or Terraform JSON (Ctrl+I)"
        >
          Import…
        </button>
        {onImportFolder && (
          <button
            type="button"
            onClick={onImportFolder}
            disabled={busy}
            title="Import a folder as one account: a CDK cloud assembly (cdk.out) or an Amplify project (amplify/backend)"
          >
            Import folder…
          </button>
        )}
        <button
          type="button"
          className="primary"
          onClick={onSave}
          disabled={busy || !workspace}
          title="Save the workspace (Ctrl+S)"
        >
          Save
        </button>
      </div>
    </header>
  );
}
