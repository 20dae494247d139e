/**
 * A user pool in the editor (read-only): its `userPools` entry as the workspace holds it, the part a finding is
 * about highlighted and scrolled to, and the file and line it was imported from.
 */
import type { Workspace } from '../../../../policy-engine/model/index';
import type { Reveal } from '../workbench/session-store';
import { PolicyViewer } from './policy-viewer';
import { parseUserPoolEditorId, userPoolEditorView } from './user-pool-entry';

/** Props of UserPoolEntryView. */
export interface UserPoolEntryViewProps {
  draft: Workspace;
  /** The editor id (`#userpool/POOLID`, optionally with `#/PATH`). */
  editorId: string;
  reveal: Reveal | null;
  theme: 'light' | 'dark';
}

/** The view. */
export function UserPoolEntryView({ draft, editorId, reveal, theme }: UserPoolEntryViewProps) {
  const view = userPoolEditorView(draft, editorId);
  const poolId = parseUserPoolEditorId(editorId)?.userPoolId ?? editorId;
  if (!view) return <p className="empty-state">The workspace no longer holds user pool {poolId}.</p>;
  const name = view.entry.UserPool.Name ? `${view.entry.UserPool.Name} (${poolId})` : poolId;
  const line = view.range?.start.line ?? 1;
  const src = view.source;
  return (
    <>
      <div className="source-head">
        <strong>User pool {name}</strong>
        <span className="muted">Cognito user pool (DescribeUserPool, app clients, groups, MFA)</span>
        {src?.file && (
          <span className="muted" aria-label="Imported from">
            imported from <code>{src.file}</code>
            {src.line ? `, line ${src.line}` : ''}
            {src.logicalId ? ` (${src.logicalId})` : ''}
          </span>
        )}
      </div>
      <PolicyViewer
        policyId={`${editorId.split('#/')[0]}`}
        variant="userpool"
        text={view.text}
        diagnostics={[]}
        highlights={view.range ? [{ range: view.range, tone: 'info', message: 'The part the finding is about' }] : []}
        readOnly={true}
        theme={theme}
        revealLine={reveal && reveal.policyId === editorId ? { line, nonce: reveal.nonce } : null}
        label={`User pool ${name} (JSON, read-only)`}
      />
      <p className="hint">
        Read-only: change the pool in AWS (or its template) and import it again, or edit the workspace file.
      </p>
    </>
  );
}
