/**
 * The "Can anyone?" view (CONTRACT §4 `rolecall prove` in the app): an action (or action pattern) and a resource
 * pattern; the answer is a proof that no request by anyone is allowed — with what the proof covered — or witnesses:
 * concrete identities and requests the engine re-checked as allowed, each opening its explanation. The question runs
 * in the engine worker one identity class at a time, with progress and Cancel.
 */
import { useMemo, useState } from 'react';
import type { Answer, Request } from '../../../../policy-engine/model/index';
import type { PolicyView, ProveResult, WorkspaceSummary } from '../../engine/protocol';
import { ExplanationPanel } from '../explain/explanation-panel';
import { withSuppliedContext } from '../explain/supplied-context';
import type { OpenPolicyAt } from '../editor/jump';
import { DecisionIcon } from '../matrix/access-matrix';
import { useCanAnyone } from './can-anyone-store';
import { canAsk, checkQuestionInput, coverageText, outcomeLabel, verdictOf, witnessLines } from './can-anyone-model';
import './can-anyone.css';

/** Props of CanAnyoneView. */
export interface CanAnyoneViewProps {
  summary: WorkspaceSummary;
  explain(request: Request): Promise<Answer | null>;
  policies: PolicyView[];
  theme: 'light' | 'dark';
  onEditPolicy: OpenPolicyAt;
  onOpenSetting(id: string): void;
}

/** Resource patterns worth offering: the workspace's resources and, for each bucket and table, everything in it. */
function resourceChoices(resources: readonly string[]): string[] {
  const out = new Set<string>(['*']);
  for (const r of resources) {
    out.add(r);
    const bucket = /^(arn:[^:]*:s3:::[^/]+)/.exec(r)?.[1];
    if (bucket) out.add(`${bucket}/*`);
  }
  return [...out];
}

/** The view. */
export function CanAnyoneView(props: CanAnyoneViewProps) {
  const { summary } = props;
  const st = useCanAnyone();
  const choices = useMemo(() => resourceChoices(summary.resources), [summary.resources]);
  const resource = st.resource ?? choices[1] ?? '*';
  const problems = checkQuestionInput(st.action, resource);
  const askable = canAsk(st.action, resource, problems) && !st.running;
  const [picked, setPicked] = useState<number | null>(null);
  const [explained, setExplained] = useState<Answer | null>(null);
  const [explaining, setExplaining] = useState(false);
  const [context, setContext] = useState<Record<string, string>>({});

  const answer = st.answer;
  const result = answer?.value.kind === 'result' ? answer.value.result : null;
  const refused = answer?.value.kind === 'inputError' ? answer.value : null;
  const stale = !!answer && answer.summary !== summary;

  const ask = () => {
    if (!askable) return;
    if (st.resource === null) st.setResource(resource);
    setPicked(null);
    setExplained(null);
    void st.ask(summary);
  };

  const open = async (i: number, ctx = context) => {
    if (!result) return;
    setPicked(i);
    setExplaining(true);
    setExplained(await props.explain(withSuppliedContext(result.witnesses[i].request, ctx)));
    setExplaining(false);
  };

  const actionProblem = problems.action ?? (refused?.field === 'action' ? refused : undefined);
  const resourceProblem = problems.resource ?? (refused?.field === 'resource' ? refused : undefined);

  return (
    <div className={`whocan-view canany-view ${picked !== null && result ? 'with-explain' : ''}`}>
      <div className="whocan-main">
        <form
          className="whocan-form"
          aria-label="Can anyone"
          onSubmit={(e) => {
            e.preventDefault();
            ask();
          }}
        >
          <div className="field">
            <label htmlFor="canany-action">Action</label>
            <input
              id="canany-action"
              list="canany-actions"
              value={st.action}
              onChange={(e) => st.setAction(e.target.value)}
              spellCheck={false}
              placeholder="s3:PutObject or s3:Put*"
              aria-invalid={!!actionProblem}
              aria-describedby={actionProblem ? 'canany-action-error' : undefined}
            />
            <datalist id="canany-actions">
              {summary.actions.map((a) => (
                <option key={a.action} value={a.action}>
                  {a.accessLevel}
                </option>
              ))}
            </datalist>
            {actionProblem && (
              <span className="field-error" id="canany-action-error" role="alert">
                {actionProblem.message}
                {actionProblem.suggestion && (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => st.setAction(actionProblem.suggestion!)}
                    >
                      Did you mean {actionProblem.suggestion}?
                    </button>
                  </>
                )}
              </span>
            )}
          </div>
          <div className="field grow">
            <label htmlFor="canany-resource">Resource pattern</label>
            <input
              id="canany-resource"
              list="canany-resources"
              value={resource}
              onChange={(e) => st.setResource(e.target.value)}
              spellCheck={false}
              placeholder="arn:aws:s3:::bucket/* — * and ? are wildcards"
              aria-invalid={!!resourceProblem}
              aria-describedby={resourceProblem ? 'canany-resource-error' : undefined}
            />
            <datalist id="canany-resources">
              {choices.map((r) => (
                <option key={r} value={r} />
              ))}
            </datalist>
            {resourceProblem && (
              <span className="field-error" id="canany-resource-error" role="alert">
                {resourceProblem.message}
              </span>
            )}
          </div>
          <button type="submit" className="primary" disabled={!askable}>
            Can anyone?
          </button>
        </form>
        <p className="hint">
          Asks every way into the workspace — each pool&apos;s guests, each provider&apos;s users with any claims (each
          role-mapping rule, those who match none, token roles, CustomRoleArn), the basic flow with every role its trust
          accepts — with any identity id and any request context. <code>{'${cognito-identity.amazonaws.com:sub}'}</code>{' '}
          in the pattern stands for the caller&apos;s own id.
        </p>
        {st.running && (
          <div className="canany-progress" role="status" aria-label="Prove progress">
            <progress
              aria-label="Identity classes asked"
              max={st.running.total || 1}
              value={st.running.total ? st.running.done : 0}
            />{' '}
            {st.running.cancelling
              ? 'Cancelling…'
              : st.running.total
                ? `Asked ${st.running.done} of ${st.running.total} identity classes…`
                : 'Listing the identity classes…'}{' '}
            <button type="button" onClick={st.cancel} disabled={st.running.cancelling}>
              Cancel
            </button>
          </div>
        )}
        {st.cancelled && !st.running && (
          <p className="hint" role="status" aria-label="Prove cancelled">
            Cancelled after {st.cancelled.done} of {st.cancelled.total} identity classes: no answer (nothing is claimed
            about the classes asked so far).
          </p>
        )}
        {st.error && (
          <p className="field-error" role="alert">
            The engine failed: {st.error}
          </p>
        )}
        {result && answer && !st.running && (
          <ProveAnswerView
            result={result}
            ms={answer.value.kind === 'result' ? answer.value.ms : 0}
            stale={stale}
            picked={picked}
            onOpen={(i) => void open(i)}
            onAskAgain={() => {
              st.setAction(answer.action);
              st.setResource(answer.resource);
              setPicked(null);
              void st.ask(summary);
            }}
          />
        )}
      </div>
      {picked !== null && result && (
        <div className="whocan-explain" aria-label="Explanation of the witness">
          <ExplanationPanel
            answer={explained}
            busy={explaining}
            policies={props.policies}
            theme={props.theme}
            extraContext={context}
            onContextChange={(k, v) => setContext((c) => ({ ...c, [k]: v }))}
            onRerun={() => void open(picked)}
            onEditPolicy={props.onEditPolicy}
            onOpenSetting={props.onOpenSetting}
            onClose={() => {
              setPicked(null);
              setExplained(null);
            }}
          />
        </div>
      )}
    </div>
  );
}

/** The answer: the verdict, the witnesses (each opens its explanation), what was covered, what was not decided. */
function ProveAnswerView(props: {
  result: ProveResult;
  ms: number;
  stale: boolean;
  picked: number | null;
  onOpen(i: number): void;
  onAskAgain(): void;
}) {
  const { result: r } = props;
  const verdict = verdictOf(r);
  return (
    <section className="whocan-result canany-result" aria-label="Can anyone answer">
      {props.stale && (
        <p className="banner" role="status">
          The workspace changed since this answer.{' '}
          <button type="button" onClick={props.onAskAgain}>
            Ask again
          </button>
        </p>
      )}
      <p className={`canany-verdict canany-${verdict.tone}`} role="status" aria-label="Verdict">
        {verdict.tone === 'possible' ? (
          <DecisionIcon cell="allowed" />
        ) : verdict.tone === 'proved' ? (
          <DecisionIcon cell="implicitDeny" />
        ) : null}{' '}
        {verdict.headline}
      </p>
      {verdict.caveat && (
        <p className="banner" aria-label="Not followed">
          {verdict.caveat}
        </p>
      )}
      <p className="hint" aria-label="Coverage">
        {coverageText(r)} {(props.ms / 1000).toFixed(2)} s.
      </p>
      {r.witnesses.length > 0 && (
        <>
          <h2>
            Witnesses ({r.witnesses.length}
            {r.classes.filter((c) => c.outcome === 'allowed').length > r.witnesses.length
              ? ', one per class shown'
              : ''}
            )
          </h2>
          <ol className="canany-witnesses" aria-label="Witnesses">
            {r.witnesses.map((w, i) => (
              <li key={w.classKey} className={props.picked === i ? 'picked' : ''}>
                <div className="canany-witness-head">
                  <strong>{w.who}</strong>{' '}
                  <span className="decision-cell">
                    <DecisionIcon cell="allowed" /> checked: {w.answer.decision}
                    {w.answer.principalArn ? ` as ${w.answer.principalArn}` : ''}
                  </span>{' '}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => props.onOpen(i)}
                    aria-label={`Explain witness ${i + 1}: ${w.who}`}
                  >
                    Explain
                  </button>
                </div>
                <dl className="canany-request">
                  {witnessLines(w.request).map((l) => (
                    <div key={l.label}>
                      <dt>{l.label}</dt>
                      <dd>
                        <code>{l.value}</code>
                      </dd>
                    </div>
                  ))}
                </dl>
              </li>
            ))}
          </ol>
        </>
      )}
      {r.undecided.length > 0 && (
        <>
          <h2>Not decided</h2>
          <ul className="reach-list" aria-label="Not decided">
            {r.undecided.map((u, i) => (
              <li key={i}>
                {u.who}: {u.why}
              </li>
            ))}
          </ul>
        </>
      )}
      {r.assumptions.length > 0 && (
        <>
          <h2>Rests on</h2>
          <ul className="reach-list" aria-label="Assumptions">
            {r.assumptions.map((a) => (
              <li key={a.id}>{a.text}</li>
            ))}
          </ul>
        </>
      )}
      <h2>What was covered</h2>
      <table className="whocan-table" aria-label="Identity classes asked">
        <thead>
          <tr>
            <th scope="col">Who</th>
            <th scope="col">Role</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {r.classes.map((c) => (
            <tr key={c.classKey} className={`row-${c.outcome}`}>
              <td>{c.who}</td>
              <td>
                {c.roleArn ? (
                  <code className="small">{c.roleArn.replace(/^arn:[^:]*:iam::\d+:/, '')}</code>
                ) : (
                  <span className="muted">none</span>
                )}
              </td>
              <td className="decision-cell">{outcomeLabel(c.outcome)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
