/**
 * The Findings view: the audit (CONTRACT §5) of the workspace as edited, recomputed in the worker shortly after each
 * edit; grouped by severity with counts, filtered by severity and rule; each finding with its title, message, fix
 * and a link to its policy statement or role-mapping rule; exported as Markdown, HTML or CSV.
 */
import { useMemo, useState } from 'react';
import type { Finding, Severity } from '../../../../policy-engine/analysis/index';
import { findingsToCsv, findingsToHtml, findingsToMarkdown } from '../../../../policy-engine/analysis/index';
import type { AuditResult } from '../../engine/protocol';
import { downloadText, fileStem } from '../../lib/download';
import { openJump, type OpenPolicyAt } from '../editor/jump';
import { policyName } from '../explain/explanation-panel';
import { isSetting } from '../settings/settings-model';
import {
  findingTarget,
  groupFindings,
  ruleCounts,
  SEVERITY_ORDER,
  type FindingTarget,
  type FindingsFilter,
} from './findings-model';

/** Props of FindingsView. */
export interface FindingsViewProps {
  audit: AuditResult | null;
  busy: boolean;
  error: string | null;
  workspaceName: string | undefined;
  /** Policy ids the editor can open. */
  policyIds: ReadonlySet<string>;
  /** Opens a policy at a finding's line and column. */
  onOpenPolicy: OpenPolicyAt;
  onOpenRule(mappingKey: string, ruleIndex: number | null): void;
  onOpenSetting(id: string): void;
}

const SEVERITY_ICON: Record<Severity, string> = { high: '▲', medium: '◆', low: '●' };

/** The Findings view. */
/** Findings of one severity rendered at first, and added by each "Show more". */
export const FINDINGS_PAGE = 200;

export function FindingsView({
  audit,
  busy,
  error,
  workspaceName,
  policyIds,
  onOpenPolicy,
  onOpenRule,
  onOpenSetting,
}: FindingsViewProps) {
  const [filter, setFilter] = useState<FindingsFilter>({ severities: [], ruleId: '' });
  // How many findings of each severity are in the page: the first FINDINGS_PAGE, more on request (an audit of a
  // 6,000-role workspace has 12,000 findings; rendering them all made opening this view take most of a second).
  const [shownOf, setShownOf] = useState<Partial<Record<Severity, number>>>({});
  const findings = useMemo(() => audit?.findings ?? [], [audit]);
  const groups = useMemo(() => groupFindings(findings, filter), [findings, filter]);
  const rules = useMemo(() => ruleCounts(findings), [findings]);
  const stem = fileStem(workspaceName);
  const title = `Rolecall audit of ${workspaceName ?? 'the workspace'}`;

  if (!audit)
    return (
      <p className="empty-state" role="status">
        {error ? `The audit failed: ${error}` : 'Auditing the workspace…'}
      </p>
    );

  const toggle = (s: Severity, on: boolean) =>
    setFilter((f) => ({ ...f, severities: on ? [...f.severities, s] : f.severities.filter((x) => x !== s) }));
  const open = (t: FindingTarget) =>
    t.kind === 'policy'
      ? openJump(onOpenPolicy, t)
      : onOpenRule(t.kind === 'rule' ? t.mappingKey : '', t.kind === 'rule' ? t.ruleIndex : null);

  return (
    <div className="findings-view">
      <div className="findings-bar">
        <div className="findings-summary" role="status" aria-label="Findings summary">
          {SEVERITY_ORDER.map((s) => (
            <span key={s} className={`sev-count sev-${s}`}>
              <span aria-hidden="true">{SEVERITY_ICON[s]}</span> {audit.summary[s]} {s}
            </span>
          ))}
          {busy && <span className="muted"> · updating…</span>}
        </div>
        <fieldset className="findings-filter" aria-label="Filter findings">
          {SEVERITY_ORDER.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={filter.severities.includes(s)}
                onChange={(e) => toggle(s, e.target.checked)}
              />{' '}
              Only {s}
            </label>
          ))}
          <select
            aria-label="Rule"
            value={filter.ruleId}
            onChange={(e) => setFilter((f) => ({ ...f, ruleId: e.target.value }))}
          >
            <option value="">All rules</option>
            {rules.map((r) => (
              <option key={r.ruleId} value={r.ruleId}>
                {r.ruleId} ({r.count})
              </option>
            ))}
          </select>
        </fieldset>
        <span className="spacer" />
        <div className="export-buttons" role="group" aria-label="Export findings">
          <button
            type="button"
            onClick={() =>
              downloadText(`${stem}-findings.md`, findingsToMarkdown(findings, { title }), 'text/markdown')
            }
          >
            Export Markdown
          </button>
          <button
            type="button"
            onClick={() => downloadText(`${stem}-findings.html`, findingsToHtml(findings, { title }), 'text/html')}
          >
            Export HTML
          </button>
          <button
            type="button"
            onClick={() => downloadText(`${stem}-findings.csv`, findingsToCsv(findings), 'text/csv')}
          >
            Export CSV
          </button>
        </div>
      </div>
      {error && (
        <p className="field-error" role="alert">
          The audit failed: {error}
        </p>
      )}
      {findings.length === 0 ? (
        <p className="hint ok" role="status">
          ✓ No findings: no audit rule reports a problem in this workspace.
        </p>
      ) : (
        <div className="findings-groups">
          {groups.map((g) =>
            g.total === 0 ? null : (
              <section
                key={g.severity}
                className={`findings-group sev-${g.severity}`}
                aria-label={`${g.severity} severity findings`}
              >
                <h2>
                  <span aria-hidden="true">{SEVERITY_ICON[g.severity]}</span>{' '}
                  {g.severity[0].toUpperCase() + g.severity.slice(1)}{' '}
                  <span className="badge">
                    {g.findings.length === g.total ? g.total : `${g.findings.length} of ${g.total}`}
                  </span>
                </h2>
                <ul className="findings-list">
                  {g.findings.slice(0, shownOf[g.severity] ?? FINDINGS_PAGE).map((f, i) => (
                    <FindingItem
                      key={`${f.ruleId}-${i}`}
                      f={f}
                      target={findingTarget(f, policyIds)}
                      onOpen={open}
                      onOpenSetting={onOpenSetting}
                    />
                  ))}
                </ul>
                {g.findings.length > (shownOf[g.severity] ?? FINDINGS_PAGE) && (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() =>
                      setShownOf((prev) => ({
                        ...prev,
                        [g.severity]: (prev[g.severity] ?? FINDINGS_PAGE) + FINDINGS_PAGE,
                      }))
                    }
                  >
                    Show {Math.min(FINDINGS_PAGE, g.findings.length - (shownOf[g.severity] ?? FINDINGS_PAGE))} more (
                    {g.findings.length - (shownOf[g.severity] ?? FINDINGS_PAGE)} not shown)
                  </button>
                )}
              </section>
            ),
          )}
        </div>
      )}
    </div>
  );
}

function placeText(f: Finding): string {
  const l = f.location;
  if (l.kind === 'identityPool')
    return `${l.identityPoolId ?? 'pool'}${l.provider ? ` › ${l.provider}` : ''}${l.ruleIndex !== undefined ? ` › rule ${l.ruleIndex}` : ''}`;
  if (l.kind === 'userPool')
    return `${l.userPoolId ?? 'user pool'}${l.clientId ? ` › app client ${l.clientId}` : ''}${l.groupName ? ` › group ${l.groupName}` : ''}${l.start ? `, line ${l.start.line}` : ''}`;
  const id = l.policyId ?? (l.kind === 'resourcePolicy' ? `${l.resourceArn}#resource` : (l.arn ?? ''));
  return `${policyName(id)}${l.statementIndex !== undefined ? `, statement ${l.statementIndex}` : ''}${l.start ? `, line ${l.start.line}` : ''}`;
}

function FindingItem({
  f,
  target,
  onOpen,
  onOpenSetting,
}: {
  f: Finding;
  target: FindingTarget | null;
  onOpen(t: FindingTarget): void;
  onOpenSetting(id: string): void;
}) {
  const place = placeText(f);
  return (
    <li className="finding" aria-label={`${f.severity}: ${f.title}`}>
      <div className="finding-head">
        <span className={`badge sev-badge-${f.severity}`}>{f.severity}</span>
        <strong className="finding-title">{f.title}</strong>
        <code className="muted">{f.ruleId}</code>
      </div>
      <p className="finding-message">{f.message}</p>
      <p className="finding-fix">
        <strong>Fix:</strong> {f.fix}
      </p>
      <div className="finding-place">
        {target && f.location.kind === 'userPool' ? (
          <>
            <button type="button" className="link-button" onClick={() => onOpen(target)}>
              Open user pool {f.location.userPoolId}
              {f.location.clientId ? ` › app client ${f.location.clientId}` : ''}
              {f.location.groupName ? ` › group ${f.location.groupName}` : ''}
            </button>
            {f.location.file && (
              <span className="muted">
                {' '}
                imported from {f.location.file}
                {f.location.start ? `, line ${f.location.start.line}` : ''}
              </span>
            )}
          </>
        ) : target ? (
          <button type="button" className="link-button" onClick={() => onOpen(target)}>
            Open{' '}
            {target.kind === 'policy'
              ? `${policyName(target.policyId)} at line ${target.line}`
              : target.kind === 'rule'
                ? `rule ${target.ruleIndex} of ${target.mappingKey}`
                : 'the role mapping rules'}
          </button>
        ) : (
          <span className="muted">{place}</span>
        )}
        {(f.assumptions ?? []).map((a) =>
          isSetting(a.id) ? (
            <button
              key={a.id}
              type="button"
              className="badge badge-warn link-badge"
              title={a.text}
              onClick={() => onOpenSetting(a.id)}
            >
              unverified: {a.id}
            </button>
          ) : (
            <span key={a.id} className="badge badge-warn" title={a.text}>
              unverified: {a.id}
            </span>
          ),
        )}
      </div>
    </li>
  );
}
