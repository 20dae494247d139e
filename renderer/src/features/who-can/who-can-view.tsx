/**
 * The Who-can view: for one action (the S3/DynamoDB catalog, searchable) on one resource (the workspace's or a typed
 * ARN), every way to get it — each pool's guests, each provider's users per mapping rule with its claim condition,
 * the default role, the basic flow, each IAM role and user — with the decision (icon and text) and the deciding
 * statement; a row opens its explanation (who-can-paths.tsx). Below: everything one identity class can reach
 * (reach-section.tsx).
 */
import { useEffect, useMemo, useState } from 'react';
import type { Answer, Request } from '../../../../policy-engine/model/index';
import type { IdentityClass, PolicyView, Reach, WhoCanResult, WorkspaceSummary } from '../../engine/protocol';
import type { WhoCanState } from '../workbench/session-store';
import type { OpenPolicyAt } from '../editor/jump';
import { ExplanationPanel } from '../explain/explanation-panel';
import { withSuppliedContext } from '../explain/supplied-context';
import { concreteResource, requestOfPath } from './who-can-model';
import { WhoCanPaths } from './who-can-paths';
import { ReachSection } from './reach-section';

/** Props of WhoCanView. */
export interface WhoCanViewProps {
  summary: WorkspaceSummary;
  region: string | undefined;
  state: WhoCanState;
  onAsk(action: string, resource: string): void;
  explain(request: Request): Promise<Answer | null>;
  loadClasses(): Promise<IdentityClass[]>;
  reach(identityClass: IdentityClass): Promise<Reach>;
  policies: PolicyView[];
  theme: 'light' | 'dark';
  /** Opens a policy at a file line and column. */
  onEditPolicy: OpenPolicyAt;
  onOpenSetting(id: string): void;
}

/** Props of WhoCanForm. */
interface WhoCanFormProps {
  summary: WorkspaceSummary;
  action: string;
  setAction(action: string): void;
  resource: string;
  setResource(resource: string): void;
  /** Whether the action is one of the catalog's. */
  actionOk: boolean;
  onAsk(): void;
}

/** The question: an action of the catalog and a resource (the workspace's, or a typed ARN). */
function WhoCanForm({ summary, action, setAction, resource, setResource, actionOk, onAsk }: WhoCanFormProps) {
  return (
    <form
      className="whocan-form"
      aria-label="Who can"
      onSubmit={(e) => {
        e.preventDefault();
        onAsk();
      }}
    >
      <div className="field">
        <label htmlFor="whocan-action">Action</label>
        <input
          id="whocan-action"
          list="whocan-actions"
          value={action}
          onChange={(e) => setAction(e.target.value)}
          spellCheck={false}
          placeholder="s3:GetObject"
          aria-invalid={!actionOk}
        />
        <datalist id="whocan-actions">
          {summary.actions.map((a) => (
            <option key={a.action} value={a.action}>
              {a.accessLevel}
            </option>
          ))}
        </datalist>
        {!actionOk && action.trim() && (
          <span className="field-error">Not an S3 or DynamoDB action of the catalog.</span>
        )}
      </div>
      <div className="field grow">
        <label htmlFor="whocan-resource">Resource</label>
        <input
          id="whocan-resource"
          list="whocan-resources"
          value={resource}
          onChange={(e) => setResource(e.target.value)}
          spellCheck={false}
          placeholder="arn:aws:s3:::bucket/key"
        />
        <datalist id="whocan-resources">
          {summary.resources.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
      </div>
      <button type="submit" className="primary" disabled={!actionOk || !resource.trim()}>
        Who can?
      </button>
    </form>
  );
}

/**
 * The explanation of the row picked, with the context keys the user supplies; a re-asked question (after an edit)
 * keeps the explanation of the same row current.
 */
function usePathExplanation(result: WhoCanResult | null, explain: WhoCanViewProps['explain']) {
  const [picked, setPicked] = useState<number | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [explaining, setExplaining] = useState(false);
  const [context, setContext] = useState<Record<string, string>>({});

  const explainPath = async (i: number, ctx = context) => {
    if (!result) return;
    const path = result.paths[i];
    setPicked(i);
    setExplaining(true);
    const a = await explain(withSuppliedContext(requestOfPath(path, result.action, result.resource), ctx));
    setAnswer(a);
    setExplaining(false);
  };

  useEffect(() => {
    if (picked !== null && result && picked < result.paths.length) void explainPath(picked);
    else if (picked !== null) setPicked(null);
  }, [result]);

  const close = () => {
    setPicked(null);
    setAnswer(null);
  };
  return { picked, answer, explaining, context, setContext, explainPath, close };
}

/** The Who-can view. */
export function WhoCanView(props: WhoCanViewProps) {
  const { summary, region, state, onAsk } = props;
  const [action, setAction] = useState(state.action || 's3:GetObject');
  const [resource, setResource] = useState(state.resource || summary.resources[0] || '');
  const known = useMemo(() => new Set(summary.actions.map((a) => a.action.toLowerCase())), [summary.actions]);
  const actionOk = known.has(action.trim().toLowerCase());
  const result = state.result;
  const concrete = concreteResource(resource.trim(), region);
  const shown = usePathExplanation(result, props.explain);
  const { picked } = shown;

  const ask = () => {
    if (!actionOk || !resource.trim()) return;
    const canonical = summary.actions.find((a) => a.action.toLowerCase() === action.trim().toLowerCase())!.action;
    shown.close();
    onAsk(canonical, concrete.resource);
  };

  return (
    <div className={`whocan-view ${picked !== null ? 'with-explain' : ''}`}>
      <div className="whocan-main">
        <WhoCanForm
          summary={summary}
          action={action}
          setAction={setAction}
          resource={resource}
          setResource={setResource}
          actionOk={actionOk}
          onAsk={ask}
        />
        {concrete.substituted && (
          <p className="hint">
            The resource names each user's own data (<code>{'${cognito-identity.amazonaws.com:sub}'}</code>); asked for
            the identity <code>{concrete.resource.match(/[a-z0-9-]+:[0-9a-f-]{36}/)?.[0]}</code> and each identity
            evaluated as its owner.
          </p>
        )}
        {state.busy && (
          <p className="hint" role="status">
            Asking every identity class…
          </p>
        )}
        {result && (
          <WhoCanPaths
            result={result}
            picked={picked}
            onExplain={(i) => void shown.explainPath(i)}
            onEditPolicy={props.onEditPolicy}
          />
        )}
        <ReachSection {...props} />
      </div>
      {picked !== null && result && (
        <div className="whocan-explain" aria-label="Explanation of the chosen way">
          <ExplanationPanel
            answer={shown.answer}
            busy={shown.explaining}
            policies={props.policies}
            theme={props.theme}
            extraContext={shown.context}
            onContextChange={(k, v) => shown.setContext((c) => ({ ...c, [k]: v }))}
            onRerun={() => void shown.explainPath(picked)}
            onEditPolicy={props.onEditPolicy}
            onOpenSetting={props.onOpenSetting}
            onClose={shown.close}
          />
        </div>
      )}
    </div>
  );
}
