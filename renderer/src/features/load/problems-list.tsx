/**
 * Journey 1 — problems found while loading (the engine's parse and validation diagnostics), each a link to its
 * place: clicking opens the policy in the editor at the line and column.
 */
import type { Diagnostic } from '../../../../policy-engine/model/index';
import { jumpTo, openJump, type OpenPolicyAt, type PolicyJump } from '../editor/jump';
import { policyName } from '../explain/explanation-panel';

/** Props of ProblemsList. */
export interface ProblemsListProps {
  diagnostics: Diagnostic[];
  /** Opens a policy at a problem's line and column. */
  onOpen: OpenPolicyAt;
}

/** Where a problem's link leads: its policy at the problem's line and column; null when it is in no policy. */
export function problemJump(d: Diagnostic): PolicyJump | null {
  return d.policyId === undefined ? null : jumpTo(d.policyId, d.range?.start);
}

const ICON = { error: '✕', warning: '⚠', info: 'i' } as const;

/** The list of problems. */
export function ProblemsList({ diagnostics, onOpen }: ProblemsListProps) {
  if (diagnostics.length === 0) return <p className="hint ok">✓ No problems found.</p>;
  const sorted = [...diagnostics].sort(
    (a, b) => ['error', 'warning', 'info'].indexOf(a.severity) - ['error', 'warning', 'info'].indexOf(b.severity),
  );
  return (
    <ul className="problems-list" aria-label="Workspace problems">
      {sorted.slice(0, 300).map((d, i) => {
        const jump = problemJump(d);
        const body = (
          <>
            <span className={`sev sev-${d.severity}`} aria-hidden="true">
              {ICON[d.severity]}
            </span>
            <span className="visually-hidden">{d.severity}:</span>
            <span className="problem-text">{d.message}</span>
            <span className="problem-place">
              {d.policyId ? policyName(d.policyId) : d.path}
              {d.range ? `:${d.range.start.line}` : ''}
            </span>
          </>
        );
        return (
          <li key={i}>
            {jump ? (
              <button
                type="button"
                className="problem-link"
                onClick={() => openJump(onOpen, jump)}
                title={`Open ${jump.policyId} at line ${jump.line}`}
              >
                {body}
              </button>
            ) : (
              <div className="problem-link static">{body}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
