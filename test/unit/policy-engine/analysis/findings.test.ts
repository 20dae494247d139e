import { describe, expect, it } from 'vitest';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { auditWorkspace, FINDING_RULES, hasFindingAtOrAbove } from '../../../../policy-engine/analysis/findings/index';
import type { Finding } from '../../../../policy-engine/analysis/findings/types';
import { NOW, loadFixture } from './helpers';

const A = 'arn:aws:iam::123456789012:role/';
const PA = 'us-east-1:6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7';
const PB = 'us-east-1:0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d';
const MAPPING = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_N0tesPool:4kq9notesweb0client7';

/** One line per finding: rule, entity, policy, statement, mapping key, rule index. */
function signature(f: Finding): string {
  const l = f.location;
  return [
    f.ruleId,
    l.kind,
    l.arn ?? l.resourceArn ?? l.identityPoolId,
    l.policyId ?? '-',
    l.statementIndex ?? '-',
    l.provider ?? '-',
    l.ruleIndex ?? '-',
  ].join(' ');
}

/** The 1-based position of Statement[i] in the pretty-printed policy (how the engine shows object documents). */
function statementStart(doc: unknown, i: number): { line: number; column: number } {
  const text = JSON.stringify(doc, null, 2);
  const node = findNodeAtLocation(parseTree(text)!, ['Statement', i])!;
  const before = text.slice(0, node.offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

describe('auditWorkspace on a deliberately misconfigured workspace', () => {
  const { ws, pw } = loadFixture('misconfigured.rolecall.json');
  const result = auditWorkspace(pw, { now: NOW });
  const byRule = (id: string) => result.findings.filter((f) => f.ruleId === id);

  it('every rule fires exactly where it should, and nowhere else', () => {
    const expected = [
      // https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html (aud must pin the pool)
      `trust-missing-aud role ${A}LegacyReporting ${A}LegacyReporting#trust 0 - -`,
      `trust-wildcard-aud role ${A}AnalyticsRole ${A}AnalyticsRole#trust 0 - -`,
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html (amr is multi-valued)
      `trust-amr-single-valued role ${A}NotesUser ${A}NotesUser#trust 0 - -`,
      `trust-amr-missing role ${A}KioskStaff ${A}KioskStaff#trust 0 - -`,
      `trust-wrong-action role ${A}OpsRole ${A}OpsRole#trust 0 - -`,
      `trust-wrong-principal role ${A}EditorsRole ${A}EditorsRole#trust 0 - -`,
      // https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html (basic flow)
      `classic-flow-enabled identityPool ${PB} - - - -`,
      `guest-can-write role ${A}NotesGuest ${A}NotesGuest#inline/GuestUploads 0 - -`,
      `guest-reads-other-users role ${A}NotesGuest ${A}NotesGuest#inline/GuestUploads 0 - -`,
      // https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html (per-user data needs ${sub} / LeadingKeys)
      `user-reads-other-users role ${A}NotesPremium ${A}NotesPremium#inline/PremiumContent 1 - -`,
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (aws:userid of a role session)
      `per-user-scope-userid role ${A}NotesUser ${A}NotesUser#inline/NotesUserData 1 - -`,
      // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html (Scan has no leading keys)
      `leadingkeys-scan-leak role ${A}NotesUser ${A}NotesUser#inline/NotesUserData 2 - -`,
      `forallvalues-without-null role ${A}NotesPremium ${A}NotesPremium#inline/PremiumContent 0 - -`,
      // https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html (rules, first match wins)
      `rule-on-user-settable-claim identityPool ${PA} - - ${MAPPING} 0`,
      `rule-shadowed identityPool ${PA} - - ${MAPPING} 2`,
      `ambiguous-default-broader identityPool ${PA} - - ${MAPPING} -`,
      `mapping-role-untrusted identityPool ${PA} - - ${MAPPING} 3`,
      `wildcard-action-resource role ${A}NotesAdmin ${A}NotesAdmin#inline/AdminAll 0 - -`,
      `public-resource-policy resourcePolicy arn:aws:s3:::notes-public arn:aws:s3:::notes-public#resource 0 - -`,
      `policy-validation role ${A}NotesReader ${A}NotesReader#inline/ReaderPolicy 0 - -`,
      `policy-validation role ${A}NotesReader ${A}NotesReader#inline/ReaderPolicy 1 - -`,
      `pool-validation identityPool ${PA} - - graph.facebook.com -`,
    ];
    expect(result.findings.map(signature).sort()).toEqual(expected.sort());
    expect(result.errors).toBeUndefined();
  });

  it('covers every registered rule (the fixture exercises them all)', () => {
    const fired = new Set(result.findings.map((f) => f.ruleId));
    // The user-pool posture rules need a user pool: test/scenarios/userpool covers each one (userpool-findings.test.ts
    // checks that every userpool- rule has a scenario that fires and a safe twin).
    // cognito-role-reconfigures-pool and pool-guests-without-role: pool-reconfigure-findings.test.ts (fires and safe twins).
    // cognito-chain-reaches-role: chain-views.test.ts (fires per severity, leaves the workspace, safe twins).
    const ownTests = new Set([
      'cognito-role-reconfigures-pool',
      'pool-guests-without-role',
      'trust-aud-not-pool-id',
      'cognito-chain-reaches-role',
    ]);
    expect(
      FINDING_RULES.map((r) => r.id).filter((id) => !fired.has(id) && !id.startsWith('userpool-') && !ownTests.has(id)),
    ).toEqual([]);
  });

  it("policy findings point at the statement: start = the statement's position in the policy text", () => {
    const roles = new Map(ws.iam!.RoleDetailList!.map((r) => [r.Arn, r]));
    for (const f of result.findings.filter((x) => x.location.policyId && x.ruleId !== 'policy-validation')) {
      const l = f.location;
      let doc: unknown;
      if (l.policyType === 'trust') doc = roles.get(l.arn!)!.AssumeRolePolicyDocument;
      else if (l.kind === 'resourcePolicy')
        doc = ws.resourcePolicies!.find((p) => p.resourceArn === l.resourceArn)!.policy;
      else
        doc = roles
          .get(l.arn!)!
          .RolePolicyList!.find((p) => l.policyId === `${l.arn}#inline/${p.PolicyName}`)!.PolicyDocument;
      expect(l.start, signature(f)).toEqual(statementStart(doc, l.statementIndex!));
      expect(l.workspacePath?.slice(-2), signature(f)).toEqual(['Statement', l.statementIndex]);
    }
  });

  it('validation findings point at the offending element inside its statement', () => {
    const [unknownAction, unknownOperator] = byRule('policy-validation').sort(
      (a, b) => a.location.statementIndex! - b.location.statementIndex!,
    );
    const doc = ws.iam!.RoleDetailList!.find((r) => r.RoleName === 'NotesReader')!.RolePolicyList![0].PolicyDocument;
    expect(unknownAction.severity).toBe('low');
    expect(unknownAction.message).toContain('s3:GetObjekt');
    expect(unknownAction.location.start!.line).toBeGreaterThan(statementStart(doc, 0).line);
    expect(unknownOperator.severity).toBe('medium');
    expect(unknownOperator.message).toContain('StringEqualz');
    expect(unknownOperator.location.start!.line).toBeGreaterThan(statementStart(doc, 1).line);
  });

  it('messages say what the problem allows, in concrete terms', () => {
    // https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools-security-best-practices.html
    const aud = byRule('trust-missing-aud')[0];
    expect(aud.severity).toBe('high');
    // What AWS documents for the basic flow: any pool of the role's account gets in; one of another account does not
    // (STS requires cross-account basic-flow requests to pass aud and amr conditions). The fixture has another pool
    // with the basic flow on, hence high.
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
    expect(aud.message).toMatch(
      /Users of any identity pool in account \d{12} — in this workspace .+, whose basic flow is on/,
    );
    expect(aud.message).toContain('can assume LegacyReporting through the basic flow');
    expect(aud.message).toContain('A pool in another account cannot');
    expect(aud.message).not.toContain('attacker');
    expect(aud.message).toContain('arn:aws:s3:::notes-reports/*');
    const write = byRule('guest-can-write')[0];
    expect(write.message).toContain('s3:PutObject');
    expect(write.message).toContain('arn:aws:s3:::notes-uploads/*');
    expect(write.message).not.toContain('s3:GetObject');
    // The guest's S3 access rests on the undocumented scope-down combination (SEMANTICS §A3).
    expect(write.assumptions?.map((a) => a.id)).toContain('guestScopeDown');
    const other = byRule('guest-reads-other-users')[0];
    expect(other.message).toMatch(/notes-uploads\/private\/us-east-1:[0-9a-f-]+\/rolecall-probe/);
    const userOther = byRule('user-reads-other-users')[0];
    expect(userOther.message).toContain('custom:tier Equals "premium"');
    expect(userOther.message).toContain('NotesPremium');
    expect(userOther.message).toMatch(/another identity \(us-east-1:[0-9a-f-]+\)/);
    expect(userOther.message).toContain(
      'items in arn:aws:dynamodb:us-east-1:123456789012:table/Notes (dynamodb:GetItem, dynamodb:PutItem)',
    );
    const classic = byRule('classic-flow-enabled')[0];
    expect(classic.severity).toBe('high');
    expect(classic.message).toContain('KioskStaff');
    expect(classic.message).toContain('LegacyReporting');
    const untrusted = byRule('mapping-role-untrusted')[0];
    expect(untrusted.message).toContain('NotesSupport');
    expect(untrusted.message).toContain(PB);
    const settable = byRule('rule-on-user-settable-claim')[0];
    expect(settable.message).toContain('custom:tier');
    expect(settable.message).toContain('s3:PutObject');
    const broader = byRule('ambiguous-default-broader')[0];
    expect(broader.message).toContain('NotesUser');
    expect(broader.message).toContain('dynamodb:DeleteItem');
    for (const f of result.findings) {
      expect(f.fix.length, f.ruleId).toBeGreaterThan(10);
      expect(f.title.length, f.ruleId).toBeGreaterThan(5);
    }
  });

  it('reports a role with a malformed trust policy once, not again as mapping-role-untrusted', () => {
    // EditorsRole (wrong principal) is also a rule's role; NotesUser (single-valued amr) is the default role.
    const untrustedRoles = byRule('mapping-role-untrusted').map((f) => f.message);
    expect(untrustedRoles.some((m) => m.includes('EditorsRole') || m.includes('NotesUser '))).toBe(false);
  });

  it('sorts findings by severity and summarises them', () => {
    const ranks = result.findings.map((f) => ['high', 'medium', 'low'].indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const count = (s: string) => result.findings.filter((f) => f.severity === s).length;
    expect(result.summary).toEqual({ high: count('high'), medium: count('medium'), low: count('low') });
    expect(hasFindingAtOrAbove(result.findings, 'high')).toBe(true);
  });

  it('runs only the rules asked for', () => {
    const only = auditWorkspace(pw, { now: NOW, rules: ['rule-shadowed'] });
    expect(only.findings.map((f) => f.ruleId)).toEqual(['rule-shadowed']);
  });
});

describe('auditWorkspace on a clean, realistic workspace', () => {
  it('finds nothing (no noise)', () => {
    const { pw } = loadFixture('clean.rolecall.json');
    const result = auditWorkspace(pw, { now: NOW });
    expect(result.findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    expect(result.summary).toEqual({ high: 0, medium: 0, low: 0 });
    expect(hasFindingAtOrAbove(result.findings, 'low')).toBe(false);
  });
});

describe('docs/findings-rules.md', () => {
  it('lists exactly the registered rule ids, each with its default severity', async () => {
    const { readFileSync } = await import('node:fs');
    const { resolve } = await import('node:path');
    const doc = readFileSync(resolve(__dirname, '../../../../docs/findings-rules.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `([a-z-]+)` \| (high|medium|low) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(rows).toEqual(FINDING_RULES.map((r) => `${r.id} ${r.severity}`));
    for (const r of FINDING_RULES) {
      expect(r.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(r.helpUri).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });
});
