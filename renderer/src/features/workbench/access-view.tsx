/**
 * The Access view: who is asking (and who B is, when comparing), the matrix filters, the access matrix, and the
 * explanation of the selected cell — in a resizable pane beside the matrix when the view is wide enough for both
 * with every resource column showing, else in a drawer below the matrix (so no column is ever pushed out of sight).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RefObject } from 'react';
import type { WorkspaceSummary } from '../../engine/protocol';
import { AccessMatrix } from '../matrix/access-matrix';
import { columnLabels, matrixLayout, type MatrixFilter } from '../matrix/matrix-model';

/** The matrix filter's switches, in the order the toolbar shows them. */
const FILTER_CHECKS: readonly [
  keyof Pick<MatrixFilter, 'onlyAllowed' | 'onlyWrite' | 'hideNotApplicable' | 'onlyChanged'>,
  string,
][] = [
  ['onlyAllowed', 'Only allowed'],
  ['onlyWrite', 'Only write actions'],
  ['hideNotApplicable', 'Hide not applicable'],
  ['onlyChanged', 'Only changed'],
];
import { explanationPlacement, SPLITTER } from './explain-placement';
import { ExplanationPanel } from '../explain/explanation-panel';
import type { OpenPolicyAt } from '../editor/jump';
import { PaneSplitter, usePaneWidth } from './pane-splitter';
import { ResourcesEditor } from '../resources/resources-editor';
import type { IdentityForm } from './session-store';
import { sessionActions, useCell, useDrafts, useIdentity, useResults } from './use-session';
import { ClassPicker, type ClassPickerProps } from '../identity/class-picker';
import { splitNames } from '../identity/claims';
import { iamShortName } from '../../../../policy-engine/index';
import type { Workspace } from '../../../../policy-engine/model/index';

/** Who a form stands for, in a few words: "User-pool user in admins", "Google user", "Guest", a role ARN. */
export function describeSubject(form: IdentityForm): string {
  if (form.kind === 'principal') return iamShortName(form.principalArn) || 'No principal';
  if (!form.provider) return 'Guest';
  const kind = form.provider.startsWith('cognito-idp.')
    ? 'User-pool user'
    : form.provider === 'accounts.google.com'
      ? 'Google user'
      : `${form.provider} user`;
  if (form.claimsMode === 'token') return `${kind} (from token)`;
  if (form.claimsMode === 'user' && form.user) {
    const groups = [...form.user.groups, ...splitNames(form.user.otherGroups)].filter(Boolean);
    return `User ${form.user.username}${groups.length ? ` in ${groups.join(', ')}` : ''}`;
  }
  const groups = form.claimRows.find((r) => r.key === 'cognito:groups')?.value.trim();
  return groups ? `${kind} in ${groups}` : kind;
}

/** The width of an element, kept up to date as it resizes (0 until measured). */
function useWidth(): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** Props of AccessView. */
export interface AccessViewProps {
  summary: WorkspaceSummary;
  theme: 'light' | 'dark';
  /** Opens a policy (or the setting a scope-down policy belongs to) at a file line and column. */
  onOpenPolicy: OpenPolicyAt;
  /** The identity classes of the current workspace (for the class picker). */
  loadClasses: ClassPickerProps['loadClasses'];
}

const LABELS: [string, string] = ['A', 'B'];

/**
 * The matrix's error; with no principal ARN given it is no error but a status: "give one", or in a workspace with no
 * identity pool and no IAM role or user, that there is no one to evaluate yet.
 */
function MatrixError({ error, form, draft }: { error: string; form: IdentityForm; draft: Workspace | null }) {
  if (form.kind !== 'principal' || form.principalArn.trim()) {
    return (
      <p className="field-error" role="alert">
        {error}
      </p>
    );
  }
  if (draft?.identityPools?.length || draft?.iam?.RoleDetailList?.length || draft?.iam?.UserDetailList?.length) {
    return (
      <p className="empty-state" role="status" aria-label="No principal">
        Give a principal ARN in Identity.
      </p>
    );
  }
  return (
    <p className="empty-state" role="status" aria-label="No one to evaluate">
      No one to evaluate yet: this workspace has no identity pool and no IAM role. Import AWS exports or a template
      (Ctrl+I), or give a principal ARN in Identity.
    </p>
  );
}

/** The Access view. */
export function AccessView({ summary, theme, onOpenPolicy, loadClasses }: AccessViewProps) {
  const form = useIdentity((s) => s.form);
  const draft = useDrafts((s) => s.draft);
  const compareForm = useIdentity((s) => s.compareForm);
  const resolution = useResults((s) => s.resolution);
  const matrix = useResults((s) => s.matrix);
  const compareMatrix = useResults((s) => s.compareMatrix);
  const progress = useResults((s) => s.progress);
  const cancelled = useResults((s) => s.cancelled);
  const lastUpdateMs = useResults((s) => s.lastUpdateMs);
  const filter = useCell((s) => s.filter);
  const selected = useCell((s) => s.selected);
  const explanation = useCell((s) => s.explanation);
  const explaining = useCell((s) => s.explaining);
  const extraContext = useCell((s) => s.extraContext);
  const requestInputs = useCell((s) => s.requestInputs);
  const [paneWidth, setPaneWidth] = usePaneWidth();
  const role = matrix?.roleArn ?? resolution?.roleArn ?? null;
  const who = describeSubject(form);
  const selectedAction = selected ? summary.actions[selected.actionIndex]?.action : null;
  const unverified = form.kind === 'identity' ? (resolution?.assumptions ?? []) : [];
  const [viewRef, viewWidth] = useWidth();
  const comparing = compareForm !== null;
  const matrixMinWidth = useMemo(
    () =>
      matrixLayout(
        summary.actions.map((a) => a.action),
        columnLabels(summary.resources),
        comparing,
      ).minWidth,
    [summary, comparing],
  );
  const placement = explanationPlacement(viewWidth, matrixMinWidth, paneWidth);
  const side = selected !== null && placement === 'side';

  return (
    <div
      ref={viewRef}
      className={`access-view ${selected ? `with-explain explain-${placement}` : ''}`}
      style={
        side
          ? { gridTemplateColumns: `minmax(360px, 1fr) ${SPLITTER}px min(${paneWidth}px, calc(100% - 366px))` }
          : undefined
      }
    >
      <div className="access-main">
        <div className="subject-bar">
          <ol className="subject-steps" aria-label="The question this view answers">
            <li>
              <span className="step-label">{compareForm ? 'Who (A)' : 'Who'}</span> <strong>{who}</strong>{' '}
              <button type="button" className="link-button" onClick={() => sessionActions.setView('identity')}>
                Change identity
              </button>{' '}
              <ClassPicker reloadKey={summary} loadClasses={loadClasses} onPick={sessionActions.setForm} />
            </li>
            <li aria-label="Which role">
              <span className="step-label">Which role</span>{' '}
              {role ? (
                <code title={role}>{iamShortName(role, ['iam'])}</code>
              ) : (
                <span className="badge badge-deny">no credentials</span>
              )}
            </li>
            <li>
              <span className="step-label">What access</span> <span className="muted">the matrix below</span>
            </li>
          </ol>
          <label className="check">
            <input
              type="checkbox"
              checked={compareForm !== null}
              onChange={(e) =>
                sessionActions.setCompareForm(
                  e.target.checked ? { ...form, provider: '', claimRows: [], kind: form.kind } : null,
                )
              }
            />{' '}
            Compare with identity B
          </label>
          {compareForm && (
            <span className="muted">
              B: <strong>{describeSubject(compareForm)}</strong> →{' '}
              <code>
                {compareMatrix?.roleArn != null ? iamShortName(compareMatrix.roleArn, ['iam']) : 'no credentials'}
              </code>
            </span>
          )}
          <span className="spacer" />
          {progress && (
            <span className="progress" role="status">
              <progress aria-label="Matrix progress" max={progress.total} value={progress.done} />{' '}
              {/* A fixed-width count: the Cancel button beside it keeps its place while the count grows. */}
              <span className="progress-count" style={{ minWidth: `${2 * String(progress.total).length + 1}ch` }}>
                {progress.done}/{progress.total}
              </span>
              <button type="button" onClick={sessionActions.cancel}>
                Cancel
              </button>
            </span>
          )}
          {lastUpdateMs !== null && !progress && (
            <span className="muted timing" aria-label="Evaluation time">
              computed in {Math.round(lastUpdateMs)} ms
            </span>
          )}
        </div>
        <div className="filters" role="search" aria-label="Filter the matrix">
          <input
            type="search"
            aria-label="Search actions"
            placeholder="Search actions (e.g. put object)"
            value={filter.search}
            onChange={(e) => sessionActions.setFilter({ search: e.target.value })}
          />
          {FILTER_CHECKS.map(([key, label]) => (
            <label className="check" key={key}>
              <input
                type="checkbox"
                checked={filter[key]}
                onChange={(e) => sessionActions.setFilter({ [key]: e.target.checked })}
              />{' '}
              {label}
            </label>
          ))}
          <select
            aria-label="Service"
            value={filter.services[0] ?? ''}
            onChange={(e) => sessionActions.setFilter({ services: e.target.value ? [e.target.value] : [] })}
          >
            <option value="">S3 and DynamoDB</option>
            <option value="s3">S3 only</option>
            <option value="dynamodb">DynamoDB only</option>
          </select>
          <ResourcesEditor workspace={draft} onChange={sessionActions.replaceDraft} />
        </div>
        {cancelled && (
          <p className={matrix ? 'unverified-bar' : 'empty-state'} role="status" aria-label="Matrix cancelled">
            {matrix
              ? 'Matrix cancelled: the cells below are from before the last change.'
              : 'Matrix cancelled: nothing was computed for this workspace and identity.'}{' '}
            <button type="button" onClick={sessionActions.run}>
              Compute the matrix
            </button>
          </p>
        )}
        {matrix ? (
          <>
            {unverified.length > 0 && (
              <p className="unverified-bar" role="note" aria-label="Unverified answers">
                <span className="badge badge-warn">unverified</span> These answers rest on undocumented AWS behaviour:{' '}
                {unverified.map((a) => (
                  <button
                    key={a.id}
                    type="button"
                    className="link-button"
                    title={a.text}
                    onClick={() => sessionActions.openSetting(a.id)}
                  >
                    {a.id}
                  </button>
                ))}
              </p>
            )}
            <AccessMatrix
              summary={summary}
              matrix={matrix}
              compare={compareMatrix}
              filter={filter}
              selected={selected}
              onSelect={(c) => void sessionActions.selectCell(c)}
              labels={LABELS}
              unverified={unverified}
            />
          </>
        ) : (
          !cancelled && <p className="empty-state">Computing the matrix…</p>
        )}
        {matrix?.error && <MatrixError error={matrix.error} form={form} draft={draft} />}
      </div>
      {side && (
        <PaneSplitter
          width={paneWidth}
          onWidth={setPaneWidth}
          max={Math.floor(viewWidth - matrixMinWidth - SPLITTER)}
          label="Resize the explanation pane"
        />
      )}
      {selected && (
        <div className="access-explain" aria-label={`Explanation of ${selectedAction ?? 'the cell'}`}>
          <ExplanationPanel
            answer={explanation}
            busy={explaining}
            policies={summary.policies}
            theme={theme}
            extraContext={extraContext}
            onContextChange={sessionActions.setExtraContext}
            onRerun={() => void sessionActions.selectCell(selected)}
            requestInputs={requestInputs}
            onRequestInput={(patch) => void sessionActions.setRequestInput(patch)}
            onEditPolicy={onOpenPolicy}
            onOpenSetting={sessionActions.openSetting}
            onClose={() => void sessionActions.selectCell(null)}
          />
        </div>
      )}
    </div>
  );
}
