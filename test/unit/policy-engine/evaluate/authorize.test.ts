import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../../../../policy-engine/analysis/principal-matrix';
import { fastDecision, evaluateAs, evaluateTrust, principalFromArn } from '../../../../policy-engine/evaluate/index';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { CallerPrincipal } from '../../../../policy-engine/evaluate/types';
import type { Workspace } from '../../../../policy-engine/model/workspace';

const A = '111122223333';
const pool = 'us-east-1:0d3f0000-1111-2222-3333-444455556666';
const now = new Date('2026-11-27T12:00:00Z');
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });

const ws: Workspace = {
  format: 'rolecall-workspace',
  version: 1,
  accountId: A,
  region: 'us-east-1',
  iam: {
    RoleDetailList: [
      {
        RoleName: 'AppAuth',
        RoleId: 'AROAAPPAUTH000000001',
        Path: '/app/',
        Arn: `arn:aws:iam::${A}:role/app/AppAuth`,
        AssumeRolePolicyDocument: doc({
          Sid: 'Cognito',
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': pool },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
          },
        }),
        RolePolicyList: [
          {
            PolicyName: 'Files',
            PolicyDocument: doc(
              {
                Sid: 'Own',
                Effect: 'Allow',
                Action: ['s3:GetObject', 's3:PutObject'],
                Resource: 'arn:aws:s3:::files/${cognito-identity.amazonaws.com:sub}/*',
              },
              {
                Sid: 'List',
                Effect: 'Allow',
                Action: 's3:ListBucket',
                Resource: 'arn:aws:s3:::files',
                Condition: { StringLike: { 's3:prefix': '${cognito-identity.amazonaws.com:sub}/*' } },
              },
            ),
          },
        ],
        AttachedManagedPolicies: [
          { PolicyArn: `arn:aws:iam::${A}:policy/Missing` },
          { PolicyArn: `arn:aws:iam::${A}:policy/Tables` },
        ],
        Tags: [{ Key: 'team', Value: 'app' }],
      },
    ],
    Policies: [
      {
        PolicyName: 'Tables',
        Arn: `arn:aws:iam::${A}:policy/Tables`,
        DefaultVersionId: 'v2',
        PolicyVersionList: [
          {
            VersionId: 'v1',
            IsDefaultVersion: false,
            Document: doc({ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }),
          },
          {
            VersionId: 'v2',
            IsDefaultVersion: true,
            Document: encodeURIComponent(
              JSON.stringify(
                doc({
                  Sid: 'Read',
                  Effect: 'Allow',
                  Action: 'dynamodb:GetItem',
                  Resource: `arn:aws:dynamodb:us-east-1:${A}:table/Notes`,
                }),
              ),
            ),
          },
        ],
      },
    ],
  },
  resourcePolicies: [
    {
      resourceArn: 'arn:aws:s3:::files',
      policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}',
    },
  ],
};
const pw = prepareWorkspace(ws);
const session = (sub?: string): CallerPrincipal => ({
  kind: 'roleSession',
  arn: `arn:aws:sts::${A}:assumed-role/AppAuth/CognitoIdentityCredentials`,
  accountId: A,
  roleArn: `arn:aws:iam::${A}:role/app/AppAuth`,
  sessionName: 'CognitoIdentityCredentials',
  ...(sub ? { context: { 'cognito-identity.amazonaws.com:sub': sub } } : {}),
});

describe('prepareWorkspace', () => {
  it('reports a missing managed policy and an invalid resource policy statement, naming the policy', () => {
    expect(pw.diagnostics.find((d) => d.code === 'workspace.missing-managed-policy')?.policyId).toBe(
      `arn:aws:iam::${A}:policy/Missing`,
    );
    expect(pw.diagnostics.find((d) => d.code === 'policy.missing-principal')?.policyId).toBe(
      'arn:aws:s3:::files#resource',
    );
  });
  it('uses only the default version of a managed policy (URL-encoded documents decoded)', () => {
    const s = session('u1');
    expect(
      fastDecision(
        pw,
        s,
        { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${A}:table/Notes` },
        { now },
      ),
    ).toBe('allowed');
    expect(
      fastDecision(
        pw,
        s,
        { action: 'dynamodb:PutItem', resource: `arn:aws:dynamodb:us-east-1:${A}:table/Notes` },
        { now },
      ),
    ).toBe('implicitDeny');
  });
  it('never crashes on wrong shapes or hostile keys in a workspace', () => {
    const bad = JSON.parse(
      '{"format":"rolecall-workspace","version":1,"iam":{"RoleDetailList":{"__proto__":{"x":1}},"Policies":"nope","UserDetailList":[null,{"Arn":"arn:aws:iam::111122223333:user/u","UserName":"u","GroupList":"g","Tags":{"Key":"k"}}]},"resourcePolicies":[{"resourceArn":"__proto__","policy":{"__proto__":{"polluted":true}}}],"organization":{"scps":[null,[42]]}}',
    ) as Workspace;
    const p = prepareWorkspace(bad);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(p.users.size).toBe(1);
    expect(p.diagnostics.some((d) => d.policyId === 'scp/1/0' && d.severity === 'error')).toBe(true);
    const u = principalFromArn(p, 'arn:aws:iam::111122223333:user/u');
    expect(
      u.ok && fastDecision(p, u.principal, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, { now }),
    ).toBe('implicitDeny');
  });
});

describe('principalFromArn', () => {
  it('resolves roles (with paths), role sessions (by role name), "*", and outsiders', () => {
    const r = principalFromArn(pw, `arn:aws:iam::${A}:role/app/AppAuth`);
    expect(r.ok && r.principal).toMatchObject({ kind: 'role', roleArn: `arn:aws:iam::${A}:role/app/AppAuth` });
    const s = principalFromArn(pw, `arn:aws:sts::${A}:assumed-role/AppAuth/me`);
    expect(s.ok && s.principal).toMatchObject({
      kind: 'roleSession',
      roleArn: `arn:aws:iam::${A}:role/app/AppAuth`,
      sessionName: 'me',
    });
    expect(principalFromArn(pw, '*')).toMatchObject({ ok: true, principal: { kind: 'anonymous' } });
    expect(principalFromArn(pw, 'arn:aws:iam::999999999999:user/x')).toMatchObject({
      ok: true,
      principal: { kind: 'outsider', accountId: '999999999999' },
      assumptions: [{ id: 'outsiderAllowsAll' }],
    });
  });
  it('errors clearly for unknown principals of a held account and for non-ARNs', () => {
    expect(principalFromArn(pw, `arn:aws:iam::${A}:role/Nope`)).toMatchObject({
      ok: false,
      error: { code: 'principal.not-found' },
    });
    expect(principalFromArn(pw, 'bob')).toMatchObject({ ok: false, error: { code: 'principal.invalid' } });
  });
});

describe('evaluateAs explanations', () => {
  it('fills in the context AWS would (session userid, principal ARN = role ARN, tags, time, resource account)', () => {
    const a = evaluateAs(
      pw,
      session('u1'),
      { action: 's3:GetObject', resource: 'arn:aws:s3:::files/u1/a.txt' },
      { now },
    );
    expect(a.context).toMatchObject({
      'aws:PrincipalArn': `arn:aws:iam::${A}:role/app/AppAuth`,
      'aws:userid': 'AROAAPPAUTH000000001:CognitoIdentityCredentials',
      'aws:PrincipalType': 'AssumedRole',
      'aws:PrincipalAccount': A,
      'aws:PrincipalTag/team': 'app',
      'aws:CurrentTime': '2026-11-27T12:00:00Z',
      'aws:EpochTime': String(Date.parse('2026-11-27T12:00:00Z') / 1000),
      'aws:ResourceAccount': A,
      'aws:RequestedRegion': 'us-east-1',
      'cognito-identity.amazonaws.com:sub': 'u1',
    });
    expect(a.context?.['aws:username']).toBeUndefined();
    expect(a.decision).toBe('allowed');
    expect(a.matchedStatements).toEqual([
      {
        policyType: 'identity',
        policyId: `arn:aws:iam::${A}:role/app/AppAuth#inline/Files`,
        statementIndex: 0,
        sid: 'Own',
        effect: 'Allow',
        start: { line: 4, column: 5 },
        end: { line: 12, column: 6 },
      },
    ]);
  });

  it('with explain, traces every statement with a reason and condition traces', () => {
    const a = evaluateAs(
      pw,
      session('u1'),
      { action: 's3:ListBucket', resource: 'arn:aws:s3:::files', context: { 's3:prefix': 'u2/' } },
      { now, explain: true },
    );
    expect(a.decision).toBe('implicitDeny');
    const list = a.statements?.find((s) => s.sid === 'List');
    expect(list).toMatchObject({
      actionMatched: true,
      resourceMatched: true,
      conditionsMatched: false,
      matched: false,
    });
    expect(list?.conditions[0]).toMatchObject({
      operator: 'StringLike',
      key: 's3:prefix',
      matched: false,
      requestValues: ['u2/'],
    });
    expect(list?.reason).toMatch(/StringLike s3:prefix/);
    expect(a.statements?.find((s) => s.sid === 'Own')?.reason).toMatch(/Action does not list/);
    expect(
      evaluateAs(pw, session('u1'), { action: 's3:ListBucket', resource: 'arn:aws:s3:::files' }, { now }).statements,
    ).toBeUndefined();
  });

  it('lists missing context keys of statements whose action and resource matched', () => {
    const a = evaluateAs(pw, session('u1'), { action: 's3:ListBucket', resource: 'arn:aws:s3:::files' }, { now });
    expect(a.missingContextKeys).toEqual(['s3:prefix']);
  });

  it('an unresolved variable leaves the statement unmatched and says why', () => {
    const a = evaluateAs(
      pw,
      session(),
      { action: 's3:GetObject', resource: 'arn:aws:s3:::files/u1/a.txt' },
      { now, explain: true },
    );
    expect(a.decision).toBe('implicitDeny');
    expect(a.statements?.find((s) => s.sid === 'Own')).toMatchObject({
      resourceMatched: false,
      unresolvedVariables: ['cognito-identity.amazonaws.com:sub'],
    });
  });
});

// The role trust policy must explicitly allow the principal: https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
describe('evaluateTrust', () => {
  const roleArn = `arn:aws:iam::${A}:role/app/AppAuth`;
  const fed = { type: 'Federated' as const, value: 'cognito-identity.amazonaws.com' };
  it('allows the Cognito web identity with matching aud and amr', () => {
    const t = evaluateTrust(
      pw,
      roleArn,
      {
        principal: fed,
        action: 'sts:AssumeRoleWithWebIdentity',
        context: {
          'cognito-identity.amazonaws.com:aud': pool,
          'cognito-identity.amazonaws.com:amr': ['authenticated', 'cognito-idp.us-east-1.amazonaws.com/us-east-1_x'],
        },
      },
      { now },
    );
    expect(t).toMatchObject({
      decision: 'allowed',
      matchedStatements: [{ policyType: 'trust', policyId: `${roleArn}#trust`, sid: 'Cognito' }],
      missingContextKeys: [],
    });
  });
  it('refuses a guest (amr unauthenticated), the wrong action, or another principal, saying which condition failed', () => {
    const guest = evaluateTrust(
      pw,
      roleArn,
      {
        principal: fed,
        action: 'sts:AssumeRoleWithWebIdentity',
        context: {
          'cognito-identity.amazonaws.com:aud': pool,
          'cognito-identity.amazonaws.com:amr': ['unauthenticated'],
        },
      },
      { now },
    );
    expect(guest.decision).toBe('implicitDeny');
    expect(guest.statements[0].conditions.find((c) => !c.matched)?.key).toBe('cognito-identity.amazonaws.com:amr');
    expect(
      evaluateTrust(
        pw,
        roleArn,
        {
          principal: fed,
          action: 'sts:AssumeRole',
          context: {
            'cognito-identity.amazonaws.com:aud': pool,
            'cognito-identity.amazonaws.com:amr': ['authenticated'],
          },
        },
        { now },
      ).decision,
    ).toBe('implicitDeny');
    expect(
      evaluateTrust(
        pw,
        roleArn,
        {
          principal: { type: 'Service', value: 'ec2.amazonaws.com' },
          action: 'sts:AssumeRoleWithWebIdentity',
          context: {},
        },
        { now },
      ).decision,
    ).toBe('implicitDeny');
  });
  it('reports the missing aud key when it is absent', () => {
    expect(
      evaluateTrust(pw, roleArn, { principal: fed, action: 'sts:AssumeRoleWithWebIdentity', context: {} }, { now })
        .missingContextKeys,
    ).toContain('cognito-identity.amazonaws.com:aud');
  });
});

describe('buildMatrix', () => {
  const resources = [
    'arn:aws:s3:::files',
    'arn:aws:s3:::files/${cognito-identity.amazonaws.com:sub}/a.txt',
    'arn:aws:s3:::files/*',
    `arn:aws:dynamodb:us-east-1:${A}:table/Notes`,
  ];
  const actions = ['s3:GetObject', 's3:ListBucket', 'dynamodb:GetItem'];
  it('resolves variables in resources, marks notApplicable cells, and agrees with fastDecision()', () => {
    const s = session('u1');
    const m = buildMatrix(pw, s, actions, resources, { now });
    expect(m).toEqual([
      ['notApplicable', 'allowed', 'implicitDeny', 'notApplicable'],
      ['implicitDeny', 'notApplicable', 'notApplicable', 'notApplicable'],
      ['notApplicable', 'notApplicable', 'notApplicable', 'allowed'],
    ]);
    const resolved = resources.map((r) => r.replace('${cognito-identity.amazonaws.com:sub}', 'u1'));
    actions.forEach((action, i) =>
      resolved.forEach((resource, j) => expect(fastDecision(pw, s, { action, resource }, { now })).toBe(m[i][j])),
    );
  });
});

// fastDecision() memoises the subject per principal object; a new time or context object must not reuse a stale one.
// Variables resolve from the request context: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
describe('fastDecision() memo', () => {
  it('re-resolves the context when the same principal object comes with another context or time', () => {
    const s = session();
    const get = (sub: string, at = now) =>
      fastDecision(
        pw,
        s,
        {
          action: 's3:PutObject',
          resource: 'arn:aws:s3:::files/u1/a.txt',
          context: { 'cognito-identity.amazonaws.com:sub': sub },
        },
        { now: at },
      );
    expect(get('u1')).toBe('allowed');
    expect(get('u2')).toBe('implicitDeny');
    expect(get('u1', new Date('2027-01-01T00:00:00Z'))).toBe('allowed');
    expect(fastDecision(pw, s, { action: 's3:PutObject', resource: 'arn:aws:s3:::files/u1/a.txt' }, { now })).toBe(
      'implicitDeny',
    );
  });
  it('keeps resource sides apart by resourceAccount (S3 ARNs carry no account)', () => {
    const s = session('u1');
    expect(fastDecision(pw, s, { action: 's3:PutObject', resource: 'arn:aws:s3:::files/u1/a.txt' }, { now })).toBe(
      'allowed',
    );
    // The same bucket name owned by another account: cross-account, and that account's bucket policy is unknown.
    expect(
      fastDecision(
        pw,
        s,
        { action: 's3:PutObject', resource: 'arn:aws:s3:::files/u1/a.txt', resourceAccount: '999988887777' },
        { now },
      ),
    ).toBe('implicitDeny');
  });
});
