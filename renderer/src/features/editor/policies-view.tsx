/**
 * Journey 5 — edit and see what changes: every policy of the workspace (identity, trust, boundary, bucket, table,
 * SCP) in Monaco with IAM-aware markers, completion and hover, and the pools' role-mapping rules as a table you can
 * reorder. Each keystroke re-evaluates the matrix (debounced) against the saved baseline; the changes are listed
 * and marked in the matrix; undo/redo; save.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { IdentityPool, MappingRule, RoleMapping, Workspace } from '../../../../policy-engine/model/index';
import type { MatrixResult, PolicyView, WorkspaceSummary } from '../../engine/protocol';
import { PolicyViewer } from './policy-viewer';
import { USER_POOL_EDITOR_PREFIX, userPoolEditorId } from './user-pool-entry';
import { UserPoolEntryView } from './user-pool-entry-view';
import { getPolicyDocument, moveItem } from './workspace-edit';
import { ChangesList } from '../matrix/access-matrix';
import { POLICY_TYPE_NAMES, policyName } from '../explain/policy-names';
import { linesLabel, type PolicyOrigin } from './file-lines';
import { useWorkspaceStore } from '../../store/workspace-store';
import type { CellRef, Reveal } from '../workbench/session-store';

/** Props of PoliciesView. */
export interface PoliciesViewProps {
  draft: Workspace;
  summary: WorkspaceSummary;
  baselineTexts: Record<string, string>;
  selectedPolicyId: string | null;
  onSelectPolicy(policyId: string): void;
  onEdit(policyId: string, text: string): void;
  onEditRules(poolId: string, mappingKey: string, rules: MappingRule[]): void;
  matrix: MatrixResult | null;
  onSelectCell(cell: CellRef): void;
  reveal: Reveal | null;
  theme: 'light' | 'dark';
  lastUpdateMs: number | null;
}

/** The text the editor shows for a policy: the draft's string while editing, else the engine's parsed text. */
export function editorText(draft: Workspace, policy: PolicyView): string {
  const doc = getPolicyDocument(draft, policy.policyId);
  return typeof doc === 'string' ? doc : policy.text;
}

const KIND_SHORT: Record<PolicyView['policyType'], string> = {
  identity: 'Identity',
  permissionsBoundary: 'Boundary',
  trust: 'Trust',
  resource: 'Resource',
  session: 'Session',
  scp: 'SCP',
  rcp: 'RCP',
};

const ORDER = ['identity', 'permissionsBoundary', 'trust', 'resource', 'session', 'scp', 'rcp'];

/** The policies view. */
export function PoliciesView(props: PoliciesViewProps) {
  const { draft, summary, baselineTexts, selectedPolicyId, onSelectPolicy, theme, reveal } = props;
  const policies = useMemo(
    () =>
      [...summary.policies].sort(
        (a, b) => ORDER.indexOf(a.policyType) - ORDER.indexOf(b.policyType) || a.policyId.localeCompare(b.policyId),
      ),
    [summary.policies],
  );
  const userPoolEditor = selectedPolicyId?.startsWith(USER_POOL_EDITOR_PREFIX) ? selectedPolicyId : null;
  const showRules = selectedPolicyId === RULES_ID;
  const current =
    policies.find((p) => p.policyId === selectedPolicyId) ?? (showRules || userPoolEditor ? undefined : policies[0]);
  return (
    <div className="policies-view">
      <PolicyList
        draft={draft}
        policies={policies}
        baselineTexts={baselineTexts}
        currentId={!showRules && !userPoolEditor ? (current?.policyId ?? null) : null}
        showRules={showRules}
        userPoolEditor={userPoolEditor}
        onSelectPolicy={onSelectPolicy}
      />
      <div className="policy-main">
        {showRules ? (
          <RulesEditor draft={draft} onEditRules={props.onEditRules} reveal={reveal} />
        ) : userPoolEditor ? (
          <UserPoolEntryView draft={draft} editorId={userPoolEditor} reveal={reveal} theme={theme} />
        ) : current ? (
          <CurrentPolicy
            policy={current}
            draft={draft}
            edited={editorText(draft, current) !== (baselineTexts[current.policyId] ?? current.text)}
            reveal={reveal}
            theme={theme}
            onEdit={props.onEdit}
          />
        ) : (
          <p className="empty-state">
            This workspace has no policies yet. Import an `aws iam get-account-authorization-details` output or a
            CloudFormation template.
          </p>
        )}
      </div>
      <aside className="policy-changes" aria-label="What your edits change">
        <h2>What your edits change</h2>
        {props.lastUpdateMs !== null && (
          <p className="timing" role="status" aria-label="Re-evaluation time">
            Matrix re-evaluated {Math.round(props.lastUpdateMs)} ms after the last change (
            {summary.actions.length * summary.resources.length} cells, prepare {Math.round(summary.prepareMs)} ms
            {props.matrix ? `, matrix ${Math.round(props.matrix.ms)} ms` : ''})
          </p>
        )}
        <ChangesList summary={summary} matrix={props.matrix} onSelect={props.onSelectCell} />
      </aside>
    </div>
  );
}

/** The list of the rules table, the user pools and every policy (edited ones marked, with their problem counts). */
function PolicyList({
  draft,
  policies,
  baselineTexts,
  currentId,
  showRules,
  userPoolEditor,
  onSelectPolicy,
}: {
  draft: Workspace;
  policies: PolicyView[];
  baselineTexts: Record<string, string>;
  currentId: string | null;
  showRules: boolean;
  userPoolEditor: string | null;
  onSelectPolicy(policyId: string): void;
}) {
  const userPools = (draft.userPools ?? []).filter((p) => p && typeof p.UserPool?.Id === 'string');
  const rulesCount = (draft.identityPools ?? []).reduce(
    (n, p) => n + Object.values(p.RoleMappings ?? {}).filter((m) => m.Type === 'Rules').length,
    0,
  );
  return (
    <nav className="policy-list" aria-label="Policies">
      <ul>
        {rulesCount > 0 && (
          <li>
            <button
              type="button"
              aria-current={showRules ? 'true' : undefined}
              onClick={() => onSelectPolicy(RULES_ID)}
            >
              <span className="policy-kind">Cognito</span>
              <span>Role mapping rules</span>
            </button>
          </li>
        )}
        {userPools.map((p) => {
          const id = userPoolEditorId(p.UserPool.Id);
          const here = userPoolEditor !== null && userPoolEditor.split('#/')[0] === id;
          return (
            <li key={id}>
              <button
                type="button"
                aria-current={here ? 'true' : undefined}
                onClick={() => onSelectPolicy(id)}
                title={p.UserPool.Id}
              >
                <span className="policy-kind">Cognito</span>
                <span className="policy-name">User pool {p.UserPool.Name ?? p.UserPool.Id}</span>
              </button>
            </li>
          );
        })}
        {policies.map((p) => (
          <PolicyListItem
            key={p.policyId}
            policy={p}
            edited={editorText(draft, p) !== (baselineTexts[p.policyId] ?? p.text)}
            current={currentId === p.policyId}
            onSelect={() => onSelectPolicy(p.policyId)}
          />
        ))}
      </ul>
    </nav>
  );
}

function PolicyListItem({
  policy: p,
  edited,
  current,
  onSelect,
}: {
  policy: PolicyView;
  edited: boolean;
  current: boolean;
  onSelect(): void;
}) {
  const errors = p.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = p.diagnostics.length - errors;
  return (
    <li>
      <button type="button" aria-current={current ? 'true' : undefined} onClick={onSelect} title={p.policyId}>
        <span className="policy-kind">{KIND_SHORT[p.policyType]}</span>
        <span className="policy-name">
          {policyName(p.policyId)}
          {edited && (
            <span className="badge badge-edit" aria-label="edited">
              ●
            </span>
          )}
        </span>
        {errors > 0 && (
          <span className="badge badge-deny" aria-label={`${errors} errors`}>
            {errors}
          </span>
        )}
        {warnings > 0 && (
          <span className="badge badge-warn" aria-label={`${warnings} warnings`}>
            {warnings}
          </span>
        )}
      </button>
    </li>
  );
}

/** Where the editor's lines come from when the policy has no file lines: an edit, a fetch, or an import's copy. */
function useOrigin(edited: boolean): PolicyOrigin {
  const source = useWorkspaceStore((s) => s.source);
  if (edited) return 'edited';
  if (source.kind === 'import') return source.fetched ? 'fetched' : 'generated';
  return 'file';
}

/** The selected policy in the editor: what its line numbers are, the text, and its problems. */
function CurrentPolicy({
  policy,
  draft,
  edited,
  reveal,
  theme,
  onEdit,
}: {
  policy: PolicyView;
  draft: Workspace;
  edited: boolean;
  reveal: Reveal | null;
  theme: 'light' | 'dark';
  onEdit(policyId: string, text: string): void;
}) {
  const origin = useOrigin(edited);
  const here = reveal && reveal.policyId === policy.policyId ? reveal : null;
  return (
    <>
      <div className="source-head">
        <strong>{policyName(policy.policyId)}</strong>
        <span className="muted">{POLICY_TYPE_NAMES[policy.policyType]}</span>
        <code className="muted small">{policy.policyId}</code>
        <span className="muted small" data-testid="policy-lines-of">
          {linesLabel(policy.inFile, origin)}
        </span>
      </div>
      <PolicyViewer
        policyId={policy.policyId}
        text={editorText(draft, policy)}
        diagnostics={policy.diagnostics}
        {...(policy.inFile ? { inFile: policy.inFile } : {})}
        readOnly={false}
        theme={theme}
        onChange={(t) => onEdit(policy.policyId, t)}
        revealLine={
          here
            ? { line: here.line, ...(here.column !== undefined ? { column: here.column } : {}), nonce: here.nonce }
            : null
        }
        label={`Edit ${policyName(policy.policyId)} (JSON)`}
      />
      <ProblemsOf policy={policy} />
    </>
  );
}

/** The pseudo-policy id of the rules table in the list. */
export const RULES_ID = '#rules';

function ProblemsOf({ policy }: { policy: PolicyView }) {
  if (policy.diagnostics.length === 0)
    return (
      <p className="problems-inline ok" role="status">
        ✓ No problems found in this policy.
      </p>
    );
  return (
    <ul className="problems-inline" aria-label="Problems in this policy">
      {policy.diagnostics.map((d, i) => (
        <li key={i} className={`sev-${d.severity}`}>
          <span aria-hidden="true">{d.severity === 'error' ? '✕' : d.severity === 'warning' ? '⚠' : 'i'}</span>{' '}
          <span className="visually-hidden">{d.severity}:</span>
          {d.range ? `Line ${d.range.start.line}: ` : ''}
          {d.message}
        </li>
      ))}
    </ul>
  );
}

const MATCH_TYPES: MappingRule['MatchType'][] = ['Equals', 'Contains', 'StartsWith', 'NotEqual'];

/** The role-mapping rules of every pool, editable and reorderable (Cognito evaluates them in order; first match wins). */
function RulesEditor({
  draft,
  onEditRules,
  reveal,
}: {
  draft: Workspace;
  onEditRules: PoliciesViewProps['onEditRules'];
  reveal: Reveal | null;
}) {
  const roles = (draft.iam?.RoleDetailList ?? []).map((r) => r.Arn);
  const root = useRef<HTMLDivElement>(null);
  // A finding's link focuses its rule.
  useEffect(() => {
    if (!reveal || reveal.policyId !== RULES_ID || reveal.ruleIndex === undefined) return;
    const block = [...(root.current?.querySelectorAll<HTMLElement>('.rules-block') ?? [])].find(
      (b) => b.dataset.mappingKey === reveal.mappingKey,
    );
    const input = block?.querySelector<HTMLInputElement>(`input[aria-label="Rule ${reveal.ruleIndex} claim"]`);
    input?.scrollIntoView({ block: 'center' });
    input?.focus();
  }, [reveal]);
  return (
    <div className="rules-editor" ref={root}>
      <p className="hint">
        Cognito tries the rules in order and uses the first that matches (
        <a
          href="https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html"
          target="_blank"
          rel="noreferrer"
        >
          role-based access control
        </a>
        ). Reorder with the arrows.
      </p>
      <datalist id="rule-roles">
        {roles.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      {(draft.identityPools ?? []).flatMap((pool) =>
        Object.entries(pool.RoleMappings ?? {})
          .filter(([, m]) => m.Type === 'Rules')
          .map(([key, mapping]) => (
            <RulesBlock
              key={`${pool.IdentityPoolId}/${key}`}
              pool={pool}
              mappingKey={key}
              mapping={mapping}
              defaultRole={roles[0] ?? ''}
              onSet={(next) => onEditRules(pool.IdentityPoolId, key, next)}
            />
          )),
      )}
    </div>
  );
}

/** One role mapping's rules as a table. */
function RulesBlock({
  pool,
  mappingKey: key,
  mapping,
  defaultRole,
  onSet: set,
}: {
  pool: IdentityPool;
  mappingKey: string;
  mapping: RoleMapping;
  defaultRole: string;
  onSet(rules: MappingRule[]): void;
}) {
  const rules = mapping.RulesConfiguration?.Rules ?? [];
  return (
    <section className="rules-block" aria-label={`Rules for ${key}`} data-mapping-key={key}>
      <h3>
        {pool.IdentityPoolName ?? pool.IdentityPoolId} · <code>{key}</code>
      </h3>
      <p className="hint">
        When no rule matches:{' '}
        {mapping.AmbiguousRoleResolution === 'Deny' ? 'deny (no credentials)' : 'use the authenticated role'}.
      </p>
      <table className="rules-table" aria-label={`Role mapping rules for ${key}`}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Claim</th>
            <th scope="col">Match</th>
            <th scope="col">Value</th>
            <th scope="col">Role</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r, i) => (
            <RuleRow key={i} rule={r} index={i} rules={rules} onSet={set} />
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="link-button"
        onClick={() =>
          set([...rules, { Claim: 'cognito:groups', MatchType: 'Contains', Value: '', RoleARN: defaultRole }])
        }
      >
        + Add rule
      </button>
    </section>
  );
}

/** One rule: its claim, match type, value and role, and the buttons that move or delete it. */
function RuleRow({
  rule: r,
  index: i,
  rules,
  onSet: set,
}: {
  rule: MappingRule;
  index: number;
  rules: MappingRule[];
  onSet(rules: MappingRule[]): void;
}) {
  const patch = (p: Partial<MappingRule>) => set(rules.map((x, j) => (j === i ? { ...x, ...p } : x)));
  return (
    <tr>
      <td>{i}</td>
      <td>
        <input aria-label={`Rule ${i} claim`} value={r.Claim} onChange={(e) => patch({ Claim: e.target.value })} />
      </td>
      <td>
        <select
          aria-label={`Rule ${i} match type`}
          value={r.MatchType}
          onChange={(e) => patch({ MatchType: e.target.value as MappingRule['MatchType'] })}
        >
          {MATCH_TYPES.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </td>
      <td>
        <input aria-label={`Rule ${i} value`} value={r.Value} onChange={(e) => patch({ Value: e.target.value })} />
      </td>
      <td>
        <input
          aria-label={`Rule ${i} role`}
          list="rule-roles"
          value={r.RoleARN}
          onChange={(e) => patch({ RoleARN: e.target.value })}
        />
      </td>
      <td className="row-actions">
        <button
          type="button"
          className="icon-button"
          aria-label={`Move rule ${i} up`}
          disabled={i === 0}
          onClick={() => set(moveItem(rules, i, i - 1))}
        >
          ↑
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={`Move rule ${i} down`}
          disabled={i === rules.length - 1}
          onClick={() => set(moveItem(rules, i, i + 1))}
        >
          ↓
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={`Delete rule ${i}`}
          onClick={() => set(rules.filter((_, j) => j !== i))}
        >
          ×
        </button>
      </td>
    </tr>
  );
}
