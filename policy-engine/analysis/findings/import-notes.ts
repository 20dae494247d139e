/**
 * Findings on an imported workspace, read against what the import could not know (`workspace.importNotes`):
 * a finding that hinges on a placeholder the importer made up (an unresolved parameter, an id AWS generates) is not
 * the user's mistake, so it is turned into a low "could not be checked" note naming the placeholder and how to give
 * the real value; a finding on a trust policy that a deploy-time custom resource rewrites says so (and is low when
 * Rolecall could not apply the rewrite, because the template's trust policy is then not the deployed one).
 */
import type { Workspace } from '../../model/workspace';
import type { Finding } from './types';

/** Rules whose findings are about the configuration's validity (a placeholder there is never the user's error). */
const VALIDITY_RULES = new Set([
  'policy-validation',
  'pool-validation',
  'trust-wrong-principal',
  'mapping-role-untrusted',
  'trust-wrong-action',
]);

/** Rewrites findings per the workspace's import notes; findings of a workspace without notes pass unchanged. */
export function applyImportNotes(findings: Finding[], ws: Workspace): Finding[] {
  const notes = ws.importNotes;
  if (!notes) return findings;
  // Only the placeholders that stand in for a value of another kind (a parameter, an attribute, an export): a made-up
  // name for a generated role or bucket is still a well-formed name, and findings about that entity are real.
  const placeholders = (notes.placeholders ?? []).filter(
    (p) => typeof p.value === 'string' && /UNRESOLVED/.test(p.value),
  );
  const trust = notes.trustNotFinal ?? {};
  return findings.map((f) => {
    if (VALIDITY_RULES.has(f.ruleId)) {
      const hit = placeholders.find((p) => f.message.includes(p.value));
      if (hit) {
        return {
          ...f,
          severity: 'low',
          message: `Could not be checked: this depends on "${hit.value}", a placeholder the import used because ${lowerFirst(hit.meaning)}. (What Rolecall would otherwise report: ${f.message})`,
          fix: `Give the real value when importing (${/give (--[\w-]+ [^\s)]+)/.exec(hit.meaning)?.[1] ?? '--parameter / --physical-id'}), then audit again.`,
        };
      }
    }
    const roleArn =
      f.location.kind === 'role'
        ? f.location.arn
        : Object.keys(trust).find((arn) => f.message.includes(arn) || f.message.includes(arn.split('/').pop() ?? arn));
    const why = roleArn ? trust[roleArn] : undefined;
    if (why && (f.location.policyType === 'trust' || /trust/i.test(f.ruleId))) {
      const applied = /Rolecall applied/.test(why);
      return {
        ...f,
        ...(applied ? {} : { severity: 'low' as const }),
        message: `${f.message} Note: ${roleArn?.split('/').pop()}: ${why}.`,
      };
    }
    return f;
  });
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s[0].toLowerCase() + s.slice(1) : s;
}
