/**
 * The editor area: the selected document as JSON in Monaco, read-only for now.
 */
import Editor from '@monaco-editor/react';
import type { OutlineItem } from '../workspace/outline';
import type { Theme } from '../store/theme-store';

/** Props of DocumentView. */
export interface DocumentViewProps {
  item: OutlineItem | undefined;
  theme: Theme;
}

/** The document view. */
export function DocumentView({ item, theme }: DocumentViewProps) {
  return (
    <section className="document-view" aria-label="Document">
      <div className="tab-strip" role="tablist" aria-label="Open documents">
        <div className="tab" role="tab" aria-selected="true">
          <span className="tab-title">{item?.documentTitle ?? 'Nothing selected'}</span>
          <span className="tab-badge">read-only</span>
        </div>
      </div>
      <div
        className="editor-host"
        role="tabpanel"
        aria-label={item ? `${item.documentTitle} (JSON, read-only)` : 'No document'}
      >
        {item ? (
          <Editor
            path={`rolecall://${encodeURIComponent(item.id)}.json`}
            language="json"
            value={item.documentText}
            theme={theme === 'dark' ? 'vs-dark' : 'vs'}
            loading={<div className="editor-loading">Loading editor…</div>}
            options={{
              readOnly: true,
              domReadOnly: true,
              ariaLabel: `${item.documentTitle}, JSON, read-only`,
              minimap: { enabled: false },
              fontSize: 12,
              lineHeight: 18,
              scrollBeyondLastLine: false,
              automaticLayout: true,
              renderLineHighlight: 'none',
              folding: true,
              tabSize: 2,
              wordWrap: 'off',
              fixedOverflowWidgets: true,
            }}
          />
        ) : (
          <p className="empty-state">Select a policy, role or resource in the explorer.</p>
        )}
      </div>
    </section>
  );
}
