/**
 * Journey 6 — debug an AccessDenied: paste the error (and optionally the ID token); Rolecall reads the principal,
 * action and resource, runs the request as that role session (or as the token's identity), and shows which policy
 * type denied and the statement — or the allow that is missing — next to what AWS said.
 */
import { useMemo, useRef, useState } from 'react';
import type { Answer, Request, Workspace } from '../../../../policy-engine/model/index';
import type { PolicyView } from '../../engine/protocol';
import { parseAccessDenied, type AccessDeniedInfo } from './access-denied';
import { debugRequest } from './debug-request';
import { ExplanationPanel, POLICY_TYPE_NAMES } from '../explain/explanation-panel';
import { withSuppliedContext } from '../explain/supplied-context';
import { NO_REQUEST_INPUTS, withRequestInputs, type RequestInputs } from '../explain/request-inputs';
import type { OpenPolicyAt } from '../editor/jump';

/** Props of DebugPanel. */
export interface DebugPanelProps {
  workspace: Workspace | null;
  policies: PolicyView[];
  theme: 'light' | 'dark';
  explain(request: Request): Promise<Answer | null>;
  onEditPolicy: OpenPolicyAt;
}

/** What AWS's message says about the denial, in a few words ("no identity-based policy allows it"). */
function awsReason(info: AccessDeniedInfo): string {
  const policyType = POLICY_TYPE_NAMES[info.policyType ?? 'identity'].toLowerCase();
  if (info.kind === 'explicitDeny') return `explicit deny in a ${policyType}`;
  if (info.kind === 'implicitDeny') return `no ${policyType} allows it`;
  return 'no reason given (older message form)';
}

/** The debug view. */
export function DebugPanel({ workspace, policies, theme, explain, onEditPolicy }: DebugPanelProps) {
  const [message, setMessage] = useState('');
  const [token, setToken] = useState('');
  const [identityId, setIdentityId] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [via, setVia] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [extra, setExtra] = useState<Record<string, string>>({});
  // The failing call's multipart operation and object key (explain/request-inputs.ts), as in the matrix's explanation.
  const [requestInputs, setRequestInputs] = useState<RequestInputs>(NO_REQUEST_INPUTS);
  const asked = useRef(0);
  const parsed = useMemo(() => (message.trim() ? parseAccessDenied(message) : null), [message]);

  const run = async (context: Record<string, string> = extra, inputs: RequestInputs = requestInputs) => {
    if (!parsed || !parsed.ok) return;
    const built = debugRequest(parsed.value, token, workspace, identityId);
    if ('error' in built) return setError(built.error);
    setError(null);
    setBusy(true);
    const seq = ++asked.current;
    const a = await explain(withRequestInputs(withSuppliedContext(built.request, context), inputs));
    if (seq !== asked.current) return;
    setBusy(false);
    setVia(built.via);
    setNote(built.note ?? null);
    setAnswer(a);
  };

  const info = parsed?.ok ? parsed.value : null;
  const agrees =
    answer && info?.kind
      ? info.kind === 'explicitDeny'
        ? answer.decision === 'explicitDeny'
        : answer.decision === 'implicitDeny'
      : null;

  return (
    <div className="debug-view">
      <form
        className="debug-form"
        aria-label="Debug an AccessDenied error"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <div className="field">
          <label htmlFor="debug-message">AccessDenied error message</label>
          <textarea
            id="debug-message"
            rows={4}
            value={message}
            onChange={(e) => {
              setMessage(e.target.value);
              setAnswer(null);
            }}
            spellCheck={false}
            placeholder='User: arn:aws:sts::123456789012:assumed-role/AppUser/CognitoIdentityCredentials is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::bucket/key" because no identity-based policy allows the s3:PutObject action'
          />
        </div>
        <div className="field">
          <label htmlFor="debug-token">ID token of the caller (optional)</label>
          <textarea
            id="debug-token"
            rows={2}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            spellCheck={false}
            placeholder="eyJraWQiOi… — with it, Rolecall also replays role resolution"
          />
        </div>
        <div className="field">
          <label htmlFor="debug-identity-id">Identity id of the caller (optional)</label>
          <input
            id="debug-identity-id"
            value={identityId}
            onChange={(e) => setIdentityId(e.target.value)}
            spellCheck={false}
            placeholder="us-east-1:5a1c… — the cognito-identity.amazonaws.com:sub your app logs or puts in S3 keys"
          />
        </div>
        {parsed && !parsed.ok && (
          <p className="field-error" role="alert">
            {parsed.error}
          </p>
        )}
        {info && (
          <dl className="facts parsed" aria-label="What the message says">
            <dt>Caller</dt>
            <dd>
              <code>{info.principal}</code>
            </dd>
            <dt>Action</dt>
            <dd>
              <code>{info.action}</code>
            </dd>
            <dt>Resource</dt>
            <dd>
              <code>{info.resource}</code>
            </dd>
            <dt>AWS says</dt>
            <dd>
              {awsReason(info)}
              {info.policyArn && (
                <>
                  {' '}
                  — <code>{info.policyArn}</code>
                </>
              )}
            </dd>
          </dl>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!info || busy}>
            {busy ? 'Running…' : 'Explain this denial'}
          </button>
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
      {answer && (
        <div className="debug-result">
          <p className={`agreement ${agrees === false ? 'disagree' : 'agree'}`} role="status">
            Ran {via}.{' '}
            {agrees === null
              ? ''
              : agrees
                ? 'Rolecall reaches the same kind of denial as AWS.'
                : `Rolecall's answer (${answer.decision}) differs from AWS's: the workspace may be out of date, or the request carried context Rolecall does not know (supply it below).`}
          </p>
          {note && (
            <p className="agreement assumed" role="note" aria-label="How the caller was read">
              {note}
            </p>
          )}
          <ExplanationPanel
            answer={answer}
            busy={busy}
            policies={policies}
            theme={theme}
            extraContext={extra}
            onContextChange={(k, v) => setExtra({ ...extra, [k]: v })}
            onRerun={() => void run()}
            requestInputs={requestInputs}
            onRequestInput={(patch) => {
              const next = { ...requestInputs, ...patch };
              setRequestInputs(next);
              void run(extra, next);
            }}
            onEditPolicy={onEditPolicy}
          />
        </div>
      )}
    </div>
  );
}
