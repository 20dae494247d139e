/**
 * The resolution trace as the app shows it (issue #16): a rule step is titled "Rule N" and its message does not say
 * "Rule N" again. Run over the engine's real trace for a pool with two matching rules (the second is not reached)
 * and a malformed one. Rules are tried in order, the first match wins:
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stepMessage, stepTitle } from '../../../../../renderer/src/features/identity/trace-text';
import { prepareWorkspace } from '../../../../../policy-engine/evaluate/index';
import { evaluateRequest } from '../../../../../policy-engine/index';
import type { Workspace } from '../../../../../policy-engine/model/index';

const root = resolve(__dirname, '../../../../..');
const KEY = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1234:4pq2demo0client0id0000001';
const ADMIN = 'arn:aws:iam::123456789012:role/AppAdmin';

describe('resolution steps: title and message', () => {
  it('never repeats "Rule N", keeps what the rule compared and how it ended', () => {
    const ws = JSON.parse(readFileSync(resolve(root, 'examples/demo.rolecall.json'), 'utf8')) as Workspace;
    const rules = ws.identityPools![0].RoleMappings![KEY].RulesConfiguration!.Rules;
    rules.push({ Claim: 'cognito:groups', MatchType: 'Contains', Value: 'admins (all)', RoleARN: ADMIN });
    rules.unshift({ Claim: 'custom:team', MatchType: 'Equals', Value: 'x', RoleARN: ADMIN });
    const answer = evaluateRequest(
      prepareWorkspace(ws),
      {
        identity: {
          identityPoolId: ws.identityPools![0].IdentityPoolId,
          provider: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1234',
          claims: {
            aud: '4pq2demo0client0id0000001',
            iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1234',
            'cognito:groups': ['admins', 'admins (all)'],
          },
        },
        action: 's3:ListBucket',
        resource: 'arn:aws:s3:::demo-app-user-files',
      },
      { now: new Date('2026-11-27T12:00:00Z'), explain: true },
    );
    const steps = (answer.resolution?.trace ?? []).filter((s) => s.kind === 'rule');
    expect(steps.map((s) => s.status)).toEqual(['notMatched', 'matched', 'notReached']);
    const shown = steps.map((s) => `${stepTitle(s)} ${stepMessage(s)}`);
    for (const line of shown) expect(line).not.toMatch(/\bRule (\d+)\b.*\bRule \1\b/);
    expect(shown[0]).toMatch(/^Rule 0 custom:team Equals "x" did not match/);
    expect(shown[1]).toMatch(/^Rule 1 cognito:groups Contains "admins" matched: .*AppAdmin/);
    // A rule value with parentheses is kept whole; "rule 1 matched first" names the other rule and stays.
    expect(shown[2]).toMatch(/^Rule 2 cognito:groups Contains "admins \(all\)" was not reached: rule 1 matched first/);
  });

  it('other steps keep their message as the engine words it', () => {
    const step = { kind: 'trust' as const, status: 'ok' as const, message: 'Trust policy of X allows it.' };
    expect(stepTitle(step)).toBe('Trust policy');
    expect(stepMessage(step)).toBe('Trust policy of X allows it.');
  });
});
