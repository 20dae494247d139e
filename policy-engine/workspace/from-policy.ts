/**
 * The resources the policies name: a DynamoDB table, an S3 bucket or a per-user prefix
 * (`private/${cognito-identity.amazonaws.com:sub}/*`) that a role's policy names but no imported file defines becomes
 * a matrix resource marked "from policy" (`importNotes.fromPolicy`), so the matrix has a column for it. Only ARNs
 * that name one bucket, key pattern, table or index exactly (resource-arn.ts) are added; an ARN built from a value
 * the import could not resolve (a placeholder) is never added as a guess, and is listed as left out instead.
 */
import type { Diagnostic } from '../model/diagnostic';
import type { PolicyInput, RoleDetail, SourceLocation, Workspace } from '../model/workspace';
import { diag } from './json-source';
import type { Acc } from './merge';
import { decodePolicy } from './policy-doc';
import { checkResourceArn } from './resource-arn';
import { PLACEHOLDER_ACCOUNT } from './cfn-resolve';

/** One role policy's Resource strings, with the policy's id (as the engine names policies) and owner. */
interface NamedBy {
  policyId: string;
  policyName: string;
  roleArn: string;
  resources: string[];
}

function statementResources(doc: PolicyInput | undefined): string[] {
  const d = decodePolicy(doc);
  if (!d) return [];
  const statements = Array.isArray(d.Statement) ? d.Statement : d.Statement ? [d.Statement] : [];
  const out: string[] = [];
  for (const st of statements) {
    if (typeof st !== 'object' || st === null) continue;
    // NotResource names what a statement does not apply to: never a resource the role uses.
    const v = (st as Record<string, unknown>).Resource;
    for (const r of Array.isArray(v) ? v : [v]) if (typeof r === 'string') out.push(r);
  }
  return out;
}

function rolePolicies(ws: Workspace): NamedBy[] {
  const out: NamedBy[] = [];
  const managed = new Map((ws.iam?.Policies ?? []).map((p) => [p.Arn, p]));
  for (const role of ws.iam?.RoleDetailList ?? []) {
    for (const p of role.RolePolicyList ?? [])
      out.push({
        policyId: `${role.Arn}#inline/${p.PolicyName}`,
        policyName: p.PolicyName,
        roleArn: role.Arn,
        resources: statementResources(p.PolicyDocument),
      });
    for (const a of role.AttachedManagedPolicies ?? []) {
      const m = managed.get(a.PolicyArn);
      const version = m?.PolicyVersionList?.find((v) => v.IsDefaultVersion) ?? m?.PolicyVersionList?.[0];
      if (version)
        out.push({
          policyId: a.PolicyArn,
          policyName: a.PolicyName ?? a.PolicyArn,
          roleArn: role.Arn,
          resources: statementResources(version.Document),
        });
    }
  }
  return out;
}

const HEAD = 4;

/**
 * Whether an ARN was built from a value the import made up (other than the one placeholder account it reports): the
 * first such placeholder (in the order the import made them), or null. Placeholders are looked up by their first
 * characters at each position of the ARN, not tried one by one against every ARN: an import of thousands of roles
 * with unresolved names has thousands of each, and trying every pair made it quadratic.
 */
function placeholderFinder(acc: Acc): (arn: string) => string | null {
  const byHead = new Map<string, { value: string; order: number }[]>();
  const short: { value: string; order: number }[] = [];
  let order = 0;
  for (const value of acc.placeholders.keys()) {
    order++;
    if (value === PLACEHOLDER_ACCOUNT) continue;
    if (value.length < HEAD) short.push({ value, order });
    else {
      const head = value.slice(0, HEAD);
      const list = byHead.get(head);
      if (list) list.push({ value, order });
      else byHead.set(head, [{ value, order }]);
    }
  }
  // The stack-name placeholder ("stack") is too short to find by its text alone: an ARN with that word is left out
  // while AWS::StackName is unknown.
  const stackUnknown = acc.report.unresolved.some((d) => d.message.startsWith('AWS::StackName is not known'));
  return (arn) => {
    let best: { value: string; order: number } | null = null;
    for (const p of short) if ((!best || p.order < best.order) && arn.includes(p.value)) best = p;
    for (let i = 0; i + HEAD <= arn.length; i++)
      for (const p of byHead.get(arn.slice(i, i + HEAD)) ?? [])
        if ((!best || p.order < best.order) && arn.startsWith(p.value, i)) best = p;
    if (best) return best.value;
    const generated = /UNRESOLVED[\w.:-]*|[\w.-]*-GENERATED\b|unresolved-region/i.exec(arn);
    if (generated) return generated[0];
    if (stackUnknown && /(^|[^A-Za-z0-9])stack([^A-Za-z0-9]|$)/.test(arn.split(':').slice(5).join(':'))) return 'stack';
    return null;
  };
}

function locationOf(ws: Workspace, p: NamedBy): SourceLocation | undefined {
  const own = (k: string) =>
    ws.sources && Object.prototype.hasOwnProperty.call(ws.sources, k) ? ws.sources[k] : undefined;
  return own(p.policyId) ?? own(p.roleArn);
}

function where(loc: SourceLocation | undefined): Pick<Diagnostic, 'file' | 'range'> {
  if (!loc) return {};
  const pos = loc.line !== undefined ? { line: loc.line, column: loc.column ?? 1 } : undefined;
  return { file: loc.file, ...(pos ? { range: { start: pos, end: pos } } : {}) };
}

function roleName(role: RoleDetail | undefined, arn: string): string {
  return role?.RoleName ?? arn.split('/').pop() ?? arn;
}

/**
 * Adds the S3 and DynamoDB resources the roles' policies name and the imported files do not define (once all files
 * are in), records them in `importNotes.fromPolicy` and reports each in `report.fromPolicy`; ARNs left out because
 * they hold a placeholder are reported as info in `report.warnings`.
 */
export function addPolicyResources(acc: Acc): void {
  const ws = acc.ws;
  const list = (ws.resources ??= []);
  const listed = new Set(list);
  const placeholderIn = placeholderFinder(acc);
  const roles = new Map((ws.iam?.RoleDetailList ?? []).map((r) => [r.Arn, r]));
  const added = new Set<string>();
  const leftOut = new Set<string>();
  for (const p of rolePolicies(ws)) {
    for (const raw of p.resources) {
      if (!/^arn:[\w-]+:(s3|dynamodb):/.test(raw)) continue;
      const checked = checkResourceArn(raw);
      if (!checked.ok) continue; // a pattern (arn:aws:s3:::*, table/*), a stream, another variable: not one column
      const arn = checked.arn;
      if (listed.has(arn) || added.has(arn)) continue;
      const loc = where(locationOf(ws, p));
      const placeholder = placeholderIn(arn);
      if (placeholder) {
        if (leftOut.has(arn)) continue;
        leftOut.add(arn);
        acc.report.warnings.push({
          ...diag(
            'import.from-policy-unresolved',
            `not added to the resources: ${arn}, named by policy ${p.policyName} of role ${roleName(roles.get(p.roleArn), p.roleArn)}, is built from a value the import does not know ("${placeholder}"; see Unresolved)`,
            { severity: 'info' },
          ),
          ...loc,
        });
        continue;
      }
      added.add(arn);
      list.push(arn);
      (acc.report.fromPolicy ??= []).push({
        ...diag(
          'import.from-policy',
          `added ${arn} to the resources (from policy): named by policy ${p.policyName} of role ${roleName(roles.get(p.roleArn), p.roleArn)}${checked.kind === 'object' ? '' : `; no imported file defines this ${checked.kind}`}${arn.split(':')[4] === PLACEHOLDER_ACCOUNT ? ` (in the import's placeholder account ${PLACEHOLDER_ACCOUNT}; --account gives the real one)` : ''}`,
          { severity: 'info' },
        ),
        ...loc,
      });
    }
  }
  if (added.size > 0) {
    const notes = (ws.importNotes ??= {});
    const from = (notes.fromPolicy ??= []);
    const known = new Set(from);
    for (const a of added) if (!known.has(a)) from.push(a);
  }
  if (list.length === 0) delete ws.resources;
}
