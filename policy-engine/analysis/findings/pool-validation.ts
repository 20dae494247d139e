/**
 * pool-validation: the identity-pool validator's problems (role-mapping keys that name no configured provider, rule
 * limits, malformed rules, missing AmbiguousRoleResolution, …), as findings.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
 */
import { validateIdentityPools } from '../../cognito/index';
import type { Finding, FindingRule } from './types';

/** The rule. */
export const poolValidation: FindingRule = {
  id: 'pool-validation',
  name: 'PoolValidation',
  title: 'Identity pool configuration does not validate',
  severity: 'medium',
  description: 'Reports the identity-pool validator\'s errors (medium: AWS rejects the configuration or logins fail) and warnings (low) with the pool, role-mapping key and rule they concern.',
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const d of validateIdentityPools(ctx.ws)) {
      if (d.severity !== 'error' && d.severity !== 'warning') continue;
      const pm = /^identityPools\[(\d+)\](.*)$/.exec(d.path ?? '');
      const poolIndex = pm ? Number(pm[1]) : 0;
      const rest = pm ? pm[2] : '';
      const mk = /^\.RoleMappings\[("(?:[^"\\]|\\.)*")\](?:\.RulesConfiguration\.Rules\[(\d+)\])?/.exec(rest) ?? /^\.RoleMappings\.([^.[]+)(?:\.RulesConfiguration\.Rules\[(\d+)\])?/.exec(rest);
      let provider: string | undefined;
      if (mk) {
        try {
          provider = mk[1].startsWith('"') ? (JSON.parse(mk[1]) as string) : mk[1];
        } catch {
          provider = mk[1];
        }
      }
      const ruleIndex = mk?.[2] !== undefined ? Number(mk[2]) : undefined;
      const loc = ctx.poolLocation(poolIndex, { ...(provider !== undefined ? { provider } : {}), ...(ruleIndex !== undefined ? { ruleIndex } : {}) });
      out.push({
        ruleId: this.id,
        severity: d.severity === 'error' ? 'medium' : 'low',
        title: this.title,
        message: `${d.path ? `${d.path}: ` : ''}${d.message} (${d.code})`,
        fix: 'Correct the identity pool setting named in the message (see GetIdentityPoolRoles / SetIdentityPoolRoles in the Cognito Identity API reference).',
        location: { ...loc, ...(d.range && !loc.start ? { start: d.range.start, end: d.range.end } : {}) },
      });
    }
    return out;
  },
};
