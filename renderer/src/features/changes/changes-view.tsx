/**
 * The Changes view: the edited workspace against the saved one (diffWorkspaces, in the worker) — every changed
 * decision for every identity class (guests, rule roles, defaults, basic flow, roles, users), each class with its
 * one-line summary, the role before and after, and the statements responsible; exported as Markdown.
 */
import type { WorkspaceDiff } from '../../engine/protocol';
import { downloadText, fileStem } from '../../lib/download';
import { policyName } from '../explain/explanation-panel';
import { shortResource } from '../matrix/matrix-model';
import { openJump, type OpenPolicyAt } from '../editor/jump';
import { causeJump, decisionWords, diffToMarkdown, responsibleJumps, transitionsText } from './diff-report';
import { IsolationChanges, isolationChanges } from './isolation-changes';
import { iamShortName } from '../../../../policy-engine/index';

type ClassDiff = WorkspaceDiff['classes'][number];
type CellChange = ClassDiff['gained'][number];

/** Props of ChangesView. */
export interface ChangesViewProps {
  diff: WorkspaceDiff | null;
  dirty: boolean;
  busy: boolean;
  workspaceName: string | undefined;
  /** Opens a policy at a statement's line and column. */
  onOpenPolicy: OpenPolicyAt;
}

const roleName = (arn: string | null) => (arn ? iamShortName(arn, ['iam']) : 'no role');

/** The Changes view. */
export function ChangesView({ diff, dirty, busy, workspaceName, onOpenPolicy }: ChangesViewProps) {
  const broken = isolationChanges(diff).broken.length;
  const restored = isolationChanges(diff).restored.length;
  const exportMd = () =>
    downloadText(
      `${fileStem(workspaceName)}-changes.md`,
      diffToMarkdown(diff, { title: `Changes to ${workspaceName ?? 'the workspace'}` }),
      'text/markdown',
    );
  const head = (
    <div className="changes-bar">
      <div role="status" aria-label="Change summary">
        {!dirty
          ? 'No unsaved edits: nothing to compare with the saved workspace.'
          : busy || !diff
            ? 'Comparing with the saved workspace…'
            : diff.changedCells === 0 && broken + restored === 0
              ? 'Your edits change no decision of any identity class.'
              : `${broken > 0 ? `Your edits break cross-user isolation for ${broken} identity class${broken === 1 ? '' : 'es'}. ` : ''}${diff.changedCells} changed decision${diff.changedCells === 1 ? '' : 's'} across ${diff.classes.length} identity class${diff.classes.length === 1 ? '' : 'es'}.`}
      </div>
      <span className="spacer" />
      <button type="button" onClick={exportMd} disabled={!dirty || !diff}>
        Export Markdown
      </button>
    </div>
  );
  if (!dirty || !diff || (diff.changedCells === 0 && broken + restored === 0))
    return <div className="changes-view">{head}</div>;
  return (
    <div className="changes-view">
      {head}
      <IsolationChanges diff={diff} />
      {diff.summary.length > 0 && (
        <ul className="diff-summary" aria-label="What this change does">
          {diff.summary.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ul>
      )}
      <ChangeGroups diff={diff} onOpenPolicy={onOpenPolicy} />
      {diff.classes.length > 0 && <h2 className="diff-by-class">Every changed decision, by identity class</h2>}
      {diff.classes.map((c) => (
        <section key={c.key} className="diff-class" aria-label={c.label}>
          <h2>{c.label}</h2>
          <p className="hint">
            Role: <code>{roleName(c.roleBefore)}</code>
            {c.roleBefore !== c.roleAfter && (
              <>
                {' '}
                → <code>{roleName(c.roleAfter)}</code>
              </>
            )}{' '}
            · {c.summary}
          </p>
          <ChangeList title="Newly allowed" tone="allows" list={c.gained} onOpenPolicy={onOpenPolicy} />
          <ChangeList title="No longer allowed" tone="denies" list={c.lost} onOpenPolicy={onOpenPolicy} />
          <ChangeList title="Other changes" tone="other" list={c.other} onOpenPolicy={onOpenPolicy} />
        </section>
      ))}
    </div>
  );
}

/**
 * The changes grouped by cause (issue #16): one line per reason — the trust statement that now refuses, the statement
 * that now allows or denies — with how many decisions it changes and for whom, as `rolecall diff` prints them.
 */
function ChangeGroups({ diff, onOpenPolicy }: { diff: WorkspaceDiff; onOpenPolicy: OpenPolicyAt }) {
  const groups = diff.groups ?? [];
  if (groups.length === 0) return null;
  const mark = { gained: '+', lost: '−', other: '~' } as const;
  return (
    <section className="diff-causes" aria-label="Changes by cause">
      <h2>Changes by cause ({groups.length})</h2>
      <ol aria-label="Causes">
        {groups.map((g) => {
          const jump = causeJump(g);
          return (
            <li key={`${g.direction}:${g.key}`}>
              <span
                className={`badge ${g.direction === 'gained' ? 'badge-allow' : g.direction === 'lost' ? 'badge-deny' : ''}`}
              >
                {mark[g.direction]}
                {g.count}
              </span>{' '}
              {g.count === 1 ? 'decision' : 'decisions'} ({transitionsText(g)}): {g.cause}
              {jump && (
                <>
                  {' '}
                  <button type="button" className="link-button" onClick={() => openJump(onOpenPolicy, jump)}>
                    Open the statement
                  </button>
                </>
              )}
              <div className="muted">for {g.who.join('; ')}</div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function ChangeList({
  title,
  tone,
  list,
  onOpenPolicy,
}: {
  title: string;
  tone: 'allows' | 'denies' | 'other';
  list: CellChange[];
  onOpenPolicy: OpenPolicyAt;
}) {
  if (list.length === 0) return null;
  const mark = tone === 'allows' ? '+' : tone === 'denies' ? '−' : '~';
  return (
    <div className="diff-list">
      <h3>
        <span className={`badge ${tone === 'allows' ? 'badge-allow' : tone === 'denies' ? 'badge-deny' : ''}`}>
          {mark}
          {list.length}
        </span>{' '}
        {title}
      </h3>
      <ul aria-label={title}>
        {list.slice(0, 300).map((c, i) => {
          const r = responsibleJumps(c);
          return (
            <li key={i}>
              <span aria-hidden="true" className={`change-mark change-${tone}`}>
                {mark}
              </span>{' '}
              <code>{c.action}</code> on <code title={c.resource}>{shortResource(c.resource)}</code>:{' '}
              {decisionWords(c.before)} → <strong>{decisionWords(c.after)}</strong>
              {r.statements.length > 0 && (
                <span className="muted">
                  {' '}
                  — {r.when === 'after' ? 'now by' : 'was by'}{' '}
                  {r.statements.map(({ statement: m, jump }, j) => (
                    <button key={j} type="button" className="link-button" onClick={() => openJump(onOpenPolicy, jump)}>
                      {policyName(m.policyId)} {m.sid ? `"${m.sid}"` : `statement ${m.statementIndex}`}
                    </button>
                  ))}
                </span>
              )}
            </li>
          );
        })}
        {list.length > 300 && (
          <li className="muted">… and {list.length - 300} more (all of them are in the Markdown export).</li>
        )}
      </ul>
    </div>
  );
}
