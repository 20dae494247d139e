/**
 * Problems of the last load or save: each names its file, JSON path and line/column where there is one.
 */
import type { Diagnostic } from '../../../policy-engine/model/index';

function where(d: Diagnostic): string {
  const position = d.range ? `:${d.range.start.line}:${d.range.start.column}` : '';
  return [d.file ? `${d.file}${position}` : '', d.path].filter(Boolean).join(' › ');
}

/** The problems panel; renders nothing when there are none. */
export function ProblemsPanel({ problems, onDismiss }: { problems: Diagnostic[]; onDismiss(): void }) {
  if (problems.length === 0) return null;
  const hasErrors = problems.some((p) => p.severity === 'error');
  return (
    <section className={`problems ${hasErrors ? 'has-errors' : ''}`} aria-label="Problems">
      <div className="problems-header">
        <h2 role={hasErrors ? 'alert' : undefined}>Problems ({problems.length})</h2>
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      <ul>
        {problems.slice(0, 50).map((p, i) => (
          <li key={i} className={`problem severity-${p.severity}`}>
            <span className="problem-severity">{p.severity}</span>
            <span className="problem-message">{p.message}</span>
            <span className="problem-where">{where(p)}</span>
            <code className="problem-code">{p.code}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
