/**
 * The explanation's statement list: per policy, the statements that name the action or decided, each with where it
 * is in the user's file (the workspace file, or the template / plan / export an import read), whether it applies, and
 * its conditions with the values compared and the line of each.
 */
import type { Answer, Position, StatementTrace } from '../../../../policy-engine/model/index';
import { baseName } from '../editor/file-lines';
import { jumpTo, openJump, type OpenPolicyAt } from '../editor/jump';
import { policyName } from './policy-names';

/** Opens a policy in the editor at a file position (the column makes a place inside a JSON string exact). */
export type EditPolicy = OpenPolicyAt;

/** `app-stack.yaml lines 83–87`, or `line 83` when the statement starts and ends on one line. */
export function placeText(file: string | undefined, start: Position, end: Position): string {
  const name = file ? `${baseName(file)} ` : '';
  return start.line === end.line ? `${name}line ${start.line}` : `${name}lines ${start.line}–${end.line}`;
}

/** Props of StatementList. */
export interface StatementListProps {
  answer: Answer;
  policyIds: string[];
  shownId: string | null;
  onShow(policyId: string): void;
  onEditPolicy: EditPolicy;
}

/** Every policy that names the action (or decided), with its statements. */
export function StatementList({ answer, policyIds, shownId, onShow, onEditPolicy }: StatementListProps) {
  const determining = answer.matchedStatements;
  const considered = answer.statements ?? [];
  const isDetermining = (pid: string, index: number) =>
    determining.some((m) => m.policyId === pid && m.statementIndex === index);
  return (
    <div className="statement-list">
      <h3>Statements</h3>
      {policyIds.length === 0 && (
        <p className="hint">
          No statement of any policy names this action.{' '}
          {answer.decision === 'implicitDeny' ? 'Add an Allow for it to an identity policy of the role.' : ''}
        </p>
      )}
      {policyIds.map((pid) => (
        <div key={pid} className={`policy-group${pid === shownId ? ' current' : ''}`}>
          <button
            type="button"
            className="policy-group-title"
            aria-pressed={pid === shownId}
            onClick={() => onShow(pid)}
          >
            {policyName(pid)}
          </button>
          {!considered.some((s) => s.policyId === pid && s.actionMatched) &&
            !determining.some((m) => m.policyId === pid) && <p className="hint">No statement names {answer.action}.</p>}
          <ul>
            {considered
              .filter((s) => s.policyId === pid && (s.actionMatched || isDetermining(pid, s.statementIndex)))
              .map((s) => (
                <StatementItem
                  key={s.statementIndex}
                  s={s}
                  determining={isDetermining(pid, s.statementIndex)}
                  onShow={() => onShow(pid)}
                  onEdit={() => openJump(onEditPolicy, jumpTo(pid, s.start))}
                />
              ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

function StatementItem({
  s,
  determining,
  onShow,
  onEdit,
}: {
  s: StatementTrace;
  determining: boolean;
  onShow(): void;
  onEdit(): void;
}) {
  return (
    <li className={`statement ${determining ? 'determining' : ''} ${s.matched ? 'matched' : 'unmatched'}`}>
      <div className="statement-head">
        <span className={`effect effect-${s.effect.toLowerCase()}`}>{s.effect}</span>
        <button type="button" className="link-button" onClick={onShow}>
          {s.sid ? s.sid : `Statement ${s.statementIndex}`}{' '}
          <span className="muted" title={s.file ? `${s.file}, line ${s.start.line}, column ${s.start.column}` : ''}>
            {placeText(s.file, s.start, s.end)}
          </span>
        </button>
        {determining && <span className="badge badge-strong">determining</span>}
        <span className={`badge ${s.matched ? 'badge-allow' : ''}`}>{s.matched ? 'applies' : 'does not apply'}</span>
        <button
          type="button"
          className="link-button"
          onClick={onEdit}
          aria-label={`Edit ${s.sid ?? `statement ${s.statementIndex}`}`}
        >
          edit
        </button>
      </div>
      {!s.matched && s.reason && <div className="statement-reason">{s.reason}</div>}
      {s.conditions.length > 0 && <ConditionsTable s={s} />}
    </li>
  );
}

/** A statement's conditions: the key and operator (with its line), the values compared, and the result. */
function ConditionsTable({ s }: { s: StatementTrace }) {
  return (
    <table className="conditions" aria-label={`Conditions of ${s.sid ?? `statement ${s.statementIndex}`}`}>
      <thead>
        <tr>
          <th scope="col">Condition</th>
          <th scope="col">Request has</th>
          <th scope="col">Policy wants</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {s.conditions.map((c, i) => (
          <tr key={i} className={c.matched ? 'cond-ok' : 'cond-no'}>
            <td>
              <code>{c.operator}</code> <code>{c.key}</code>
              {c.range && (
                <span className="muted small condition-line" title={s.file ?? ''}>
                  {' '}
                  line {c.range.start.line}
                </span>
              )}
            </td>
            <td>
              {c.missing ? <em className="muted">missing</em> : <code>{(c.requestValues ?? []).join(', ')}</code>}
            </td>
            <td>
              <code>{c.policyValues.join(', ')}</code>
            </td>
            <td title={c.reason}>
              <span aria-hidden="true">{c.matched ? '✓ ' : '✕ '}</span>
              {c.matched ? 'true' : 'false'} <span className="muted">— {c.reason}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
