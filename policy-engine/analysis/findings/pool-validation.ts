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
  description:
    "Reports the identity-pool validator's errors (medium: AWS rejects the configuration or logins fail) and warnings (low) with the pool, role-mapping key and rule they concern.",
  helpUri: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html',
  check(ctx) {
    const out: Finding[] = [];
    for (const d of validateIdentityPools(ctx.ws)) {
      if (d.severity !== 'error' && d.severity !== 'warning') continue;
      const pm = /^identityPools\[(\d+)\](.*)$/.exec(d.path ?? '');
      const poolIndex = pm ? Number(pm[1]) : 0;
      const rest = pm ? pm[2] : '';
      const mk =
        /^\.RoleMappings\[("(?:[^"\\]|\\.)*")\](?:\.RulesConfiguration\.Rules\[(\d+)\])?/.exec(rest) ??
        /^\.RoleMappings\.([^.[]+)(?:\.RulesConfiguration\.Rules\[(\d+)\])?/.exec(rest);
      let provider: string | undefined;
      if (mk) {
        try {
          provider = mk[1].startsWith('"') ? (JSON.parse(mk[1]) as string) : mk[1];
        } catch {
          provider = mk[1];
        }
      }
      const ruleIndex = mk?.[2] !== undefined ? Number(mk[2]) : undefined;
      const roleKey = /^\.Roles\.(authenticated|unauthenticated)$/.exec(rest)?.[1];
      const loc = ctx.poolLocation(
        poolIndex,
        roleKey
          ? { path: ['Roles', roleKey] }
          : { ...(provider !== undefined ? { provider } : {}), ...(ruleIndex !== undefined ? { ruleIndex } : {}) },
      );
      const pool = ctx.ws.identityPools?.[poolIndex];
      const poolName = pool && typeof pool === 'object' ? (pool.IdentityPoolName ?? pool.IdentityPoolId) : undefined;
      const who =
        roleKey === 'unauthenticated'
          ? 'guests'
          : roleKey === 'authenticated'
            ? 'signed-in users who get the default authenticated role'
            : ruleIndex !== undefined
              ? `users who match rule ${ruleIndex} of the ${provider} mapping`
              : undefined;
      // Say what the problem does to whom: a role ARN that is not one fails those logins in AWS; a role the workspace
      // lacks only means Rolecall cannot tell what it allows (the validator's message says so).
      const consequence =
        d.code === 'cognito.role-arn' && who
          ? ` In AWS ${who} get no credentials ("Invalid identity pool configuration. Check assigned IAM roles for this pool."); if the value is a template parameter that was not given, re-import with --parameter.`
          : d.code === 'cognito.role-not-found' && who
            ? ` It is the role of ${who}.`
            : '';
      const message = `${d.message}${consequence}`;
      out.push({
        ruleId: this.id,
        severity: d.severity === 'error' ? 'medium' : 'low',
        title: this.title,
        message: `Identity pool ${poolName ?? '?'}${d.path ? `, ${d.path.replace(/^identityPools\[\d+\]\.?/, '')}` : ''}: ${message} (${d.code})`,
        fix: 'Correct the identity pool setting named in the message (see GetIdentityPoolRoles / SetIdentityPoolRoles in the Cognito Identity API reference).',
        location: { ...loc, ...(d.range && !loc.start ? { start: d.range.start, end: d.range.end } : {}) },
      });
    }
    return out;
  },
};
