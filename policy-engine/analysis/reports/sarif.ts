/**
 * Findings as SARIF 2.1.0, the format code-scanning tools ingest: one run, `tool.driver.rules` with every rule's id,
 * name, descriptions, help and default level; each result with ruleId, level, message, a physical location (the
 * source template when the workspace knows it, else the workspace file at the statement's position) and a logical
 * location naming the ARN or pool.
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import type { Finding, FindingRule, Severity } from '../findings/types';
import { FINDING_RULES } from '../findings/index';
import { workspaceLocator } from './workspace-positions';

/** SARIF levels by severity. */
export const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  high: 'error',
  medium: 'warning',
  low: 'note',
};

/** GitHub code scanning's numeric security severity (high ≥ 7.0, medium ≥ 4.0, low < 4.0). */
const SECURITY_SEVERITY: Record<Severity, string> = { high: '8.0', medium: '5.0', low: '2.0' };

/** GitHub's `problem.severity` by severity. */
const PROBLEM_SEVERITY: Record<Severity, string> = { high: 'error', medium: 'warning', low: 'recommendation' };

/** Where the workspace came from, to point results into it. */
export interface SarifOptions {
  /** The workspace file as the user named it (relative to the repository root for code scanning). */
  workspaceFile?: string;
  /** The workspace file's text, to find each statement's line. */
  workspaceText?: string;
  toolVersion?: string;
}

/** A SARIF log (only the parts Rolecall writes). */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Record<string, unknown>[];
}

/** The `tool.driver.rules` entry of one rule. */
export function sarifRule(rule: FindingRule): Record<string, unknown> {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.description} See ${rule.helpUri}`,
      markdown: `${rule.description}\n\nSee [the AWS documentation](${rule.helpUri}).`,
    },
    helpUri: rule.helpUri,
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    // GitHub code scanning reads `security-severity` (a number as a string) for the alert's severity, `tags` with
    // "security" to list it as a security alert, and `precision` / `problem.severity` for filtering.
    properties: {
      tags: ['security', 'iam', 'cognito'],
      'security-severity': SECURITY_SEVERITY[rule.severity],
      precision: 'high',
      'problem.severity': PROBLEM_SEVERITY[rule.severity],
    },
  };
}

/** The entity a finding is about, for logicalLocations. */
function entityName(f: Finding): string {
  const l = f.location;
  if (l.kind === 'identityPool')
    return [l.identityPoolId, l.provider, l.ruleIndex !== undefined ? `rule ${l.ruleIndex}` : undefined]
      .filter(Boolean)
      .join(' / ');
  if (l.kind === 'userPool') return [l.userPoolId, l.clientId, l.groupName].filter(Boolean).join(' / ');
  return (l.kind === 'resourcePolicy' ? l.resourceArn : l.arn) ?? '';
}

/** Converts findings to a SARIF 2.1.0 log. */
export function findingsToSarif(findings: Finding[], opts: SarifOptions = {}): SarifLog {
  const locate = opts.workspaceText !== undefined ? workspaceLocator(opts.workspaceText) : null;
  const index = new Map(FINDING_RULES.map((r, i) => [r.id, i] as const));
  const results = findings.map((f) => {
    const l = f.location;
    // Code scanning needs a repository-relative uri and a region with startLine on every result.
    let physical: Record<string, unknown>;
    if (l.source?.file) {
      physical = {
        artifactLocation: artifact(l.source.file),
        region: { startLine: l.source.line ?? 1, startColumn: l.source.column ?? 1 },
      };
    } else {
      const pos = locate && l.workspacePath ? locate(l.workspacePath) : undefined;
      physical = {
        artifactLocation: artifact(opts.workspaceFile ?? 'workspace.rolecall.json'),
        region: { startLine: pos?.line ?? 1, startColumn: pos?.column ?? 1 },
      };
    }
    const name = entityName(f);
    return {
      ruleId: f.ruleId,
      ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
      level: SARIF_LEVEL[f.severity],
      message: { text: `${f.message} Fix: ${f.fix}` },
      locations: [
        {
          physicalLocation: physical,
          ...(name ? { logicalLocations: [{ fullyQualifiedName: name, name, kind: 'resource' }] } : {}),
        },
      ],
      partialFingerprints: { rolecallFinding: fingerprint(f) },
      properties: {
        severity: f.severity,
        'security-severity': SECURITY_SEVERITY[f.severity],
        fix: f.fix,
        ...(l.policyId ? { policyId: l.policyId } : {}),
        ...(l.statementIndex !== undefined ? { statementIndex: l.statementIndex } : {}),
        ...(l.start ? { policyLine: l.start.line, policyColumn: l.start.column } : {}),
      },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Rolecall',
            informationUri: 'https://github.com/rolecall/rolecall',
            version: opts.toolVersion ?? '0.1.0',
            semanticVersion: opts.toolVersion ?? '0.1.0',
            rules: FINDING_RULES.map(sarifRule),
          },
        },
        results,
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
}

/** A path as a URI reference (forward slashes, spaces and the like escaped); a leading "./" is dropped. */
function toUri(file: string): string {
  return file
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/%3A/gi, ':'))
    .join('/');
}

/**
 * An artifactLocation: a relative path is relative to the repository root (`%SRCROOT%`, which code scanning
 * resolves); an absolute one becomes a file: URI (code scanning then needs it under the checkout).
 */
function artifact(file: string): Record<string, string> {
  const f = file.replace(/\\/g, '/');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(f)) return { uri: f };
  if (f.startsWith('/') || /^[A-Za-z]:\//.test(f)) return { uri: `file://${f.startsWith('/') ? '' : '/'}${toUri(f)}` };
  return { uri: toUri(f), uriBaseId: '%SRCROOT%' };
}

/** A stable fingerprint: rule, entity, policy and statement (not the message text, which may change wording). */
function fingerprint(f: Finding): string {
  const l = f.location;
  return [
    f.ruleId,
    l.kind,
    l.arn ?? l.resourceArn ?? l.identityPoolId ?? '',
    l.provider ?? '',
    l.ruleIndex ?? '',
    l.policyId ?? '',
    l.statementIndex ?? '',
  ].join('|');
}
