/**
 * Terraform import: `terraform show -json` output of the state and of a saved plan (fixtures written from the
 * documented JSON output format and the AWS provider's documented attributes).
 * JSON output format: https://developer.hashicorp.com/terraform/internals/json-format
 * Provider attributes: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role (and the
 * cognito_identity_pool, cognito_identity_pool_roles_attachment, iam_role_policy, iam_policy, s3_bucket_policy,
 * dynamodb_table, cognito_user_pool, cognito_user_pool_client, cognito_user_group pages)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../../policy-engine/workspace/import';
import type { ImportFile } from '../../../../policy-engine/workspace/import';
import { parseWorkspaceText, serializeWorkspace } from '../../../../policy-engine/workspace/schema';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { evaluateRequest } from '../../../../policy-engine/evaluate-request';
import { auditWorkspace } from '../../../../policy-engine/analysis/findings/index';

const dir = join(__dirname, '../../../fixtures/import/terraform');
const read = (name: string): ImportFile => ({ name, text: readFileSync(join(dir, name), 'utf8') });
const now = new Date('2026-12-07T00:00:00Z');
/** The 1-based line of the first line of `text` containing `needle` after the line containing `after`. */
const lineOf = (text: string, needle: string, after = ''): number => {
  const lines = text.split('\n');
  const start = after ? lines.findIndex((l) => l.includes(after)) : 0;
  return lines.findIndex((l, i) => i >= start && l.includes(needle)) + 1;
};

describe('a Terraform state (terraform show -json)', () => {
  const file = read('state.json');
  const { workspace, report } = importFiles([file], {});
  const pw = prepareWorkspace(workspace);
  const pool = 'us-east-1:6f2c1d4e-3b5a-4c7d-9e8f-0a1b2c3d4e5f';

  it('imports pools, roles (inline_policy, aws_iam_role_policy, attachments), buckets and tables, modules included', () => {
    expect(report.errors).toEqual([]);
    expect(report.loaded[0].kind).toBe('terraform-state');
    expect(workspace.accountId).toBe('123456789012');
    expect(workspace.region).toBe('us-east-1');
    const roles = workspace.iam?.RoleDetailList ?? [];
    expect(roles.map((r) => r.RoleName).sort()).toEqual(['NotesAdmin', 'NotesAuth', 'NotesGuest']);
    expect(roles.find((r) => r.RoleName === 'NotesGuest')?.RolePolicyList?.map((p) => p.PolicyName)).toEqual([
      'public-read',
    ]);
    expect(roles.find((r) => r.RoleName === 'NotesAdmin')?.AttachedManagedPolicies?.[0].PolicyArn).toBe(
      'arn:aws:iam::123456789012:policy/NotesAdminAccess',
    );
    expect(workspace.identityPools?.[0].RoleMappings).toHaveProperty([
      'cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesPool1:3n0tesapp5client6id7abcde',
    ]);
    // module.data's bucket, its policy and its table
    expect(workspace.resources).toEqual(
      expect.arrayContaining(['arn:aws:s3:::notes-user-files', 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes']),
    );
    expect(workspace.resourcePolicies?.[0].resourceArn).toBe('arn:aws:s3:::notes-user-files');
    expect(parseWorkspaceText(serializeWorkspace(workspace), 'w.json').ok).toBe(true);
  });

  it('imports the user pool, its app client and group into userPools (custom attributes named custom:…)', () => {
    const up = workspace.userPools?.[0];
    expect(up?.UserPool.Id).toBe('us-east-1_NotesPool1');
    expect(up?.UserPool.SchemaAttributes?.[0].Name).toBe('custom:tenant');
    expect(up?.UserPool.Policies?.PasswordPolicy?.MinimumLength).toBe(8);
    expect(up?.Clients?.[0]).toMatchObject({
      ClientId: '3n0tesapp5client6id7abcde',
      ReadAttributes: ['email', 'custom:tenant'],
    });
    expect(up?.Groups?.[0]).toMatchObject({ GroupName: 'admins', Precedence: 1 });
  });

  it('answers like the account: the admins rule picks NotesAdmin; a guest reads public/ only', () => {
    const identity = {
      identityPoolId: pool,
      provider: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesPool1',
      claims: { sub: 'u1', aud: '3n0tesapp5client6id7abcde', 'cognito:groups': ['admins'] },
    };
    const admin = evaluateRequest(
      pw,
      { identity, action: 'dynamodb:DeleteItem', resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes' },
      { now },
    );
    expect(admin.roleArn).toBe('arn:aws:iam::123456789012:role/NotesAdmin');
    expect(admin.decision).toBe('allowed');
    const guest = { identityPoolId: pool };
    const ctx = { 'aws:SecureTransport': 'true' };
    expect(
      evaluateRequest(
        pw,
        { identity: guest, action: 's3:GetObject', resource: 'arn:aws:s3:::notes-user-files/public/a', context: ctx },
        { now },
      ).decision,
    ).toBe('allowed');
    expect(
      evaluateRequest(
        pw,
        {
          identity: guest,
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::notes-user-files/private/x/a',
          context: ctx,
        },
        { now },
      ).decision,
    ).toBe('implicitDeny');
  });

  it('records where each policy came from: the line of its policy attribute', () => {
    expect(workspace.sources?.['arn:aws:iam::123456789012:role/NotesAuth#inline/own-files']).toEqual({
      file: 'state.json',
      line: lineOf(file.text, '"policy":', '"name": "own-files"'),
      column: expect.any(Number),
    });
    expect(workspace.sources?.['arn:aws:iam::123456789012:role/NotesGuest#inline/public-read']?.line).toBe(
      lineOf(file.text, '"policy":', '"address": "aws_iam_role_policy.guest_public"'),
    );
  });

  it('a finding on an imported policy names the state file and the policy attribute line', () => {
    const doc = JSON.parse(file.text);
    const guestPolicy = doc.values.root_module.resources.find(
      (r: { address: string }) => r.address === 'aws_iam_role_policy.guest_public',
    );
    guestPolicy.values.policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::notes-user-files/public/*' }],
    });
    const text = JSON.stringify(doc, null, 2);
    const imported = importFiles([{ name: 'tf/state.json', text }], {});
    const audit = auditWorkspace(prepareWorkspace(imported.workspace), { now });
    const f = audit.findings.find((x) => x.ruleId === 'guest-can-write');
    expect(f?.location.file).toBe('tf/state.json');
    expect(f?.location.source?.line).toBe(lineOf(text, '"policy":', '"address": "aws_iam_role_policy.guest_public"'));
  });

  it('lists a resource of a type Rolecall does not read as not imported, with its address and line', () => {
    const item = report.notImported.find((d) => d.message.includes('aws_lambda_function.thumbnails'));
    expect(item?.file).toBe('state.json');
    expect(item?.range?.start.line).toBe(lineOf(file.text, '"address": "aws_lambda_function.thumbnails"') - 1);
  });
});

describe('a saved Terraform plan', () => {
  const file = read('plan.json');
  const { workspace, report } = importFiles([file], {});

  it('reads planned_values; a value known only after apply is listed as unresolved with its path and line', () => {
    expect(report.errors).toEqual([]);
    expect(report.loaded[0].kind).toBe('terraform-plan');
    const pool = report.unresolved.find((d) => d.message.startsWith('aws_cognito_identity_pool.notes.id'));
    expect(pool?.path).toMatch(/^resource_changes\[\d+\]\.change\.after_unknown\.id$/);
    expect(pool?.range?.start.line).toBeGreaterThan(1);
    expect(file.text.split('\n')[(pool?.range?.start.line ?? 1) - 1]).toContain('"id": true');
  });

  it('never guesses: of the roles map (one expression naming two roles) only the role whose trust admits only amr "authenticated" is placed; a policy using unknown values is left out', () => {
    const roles = workspace.identityPools?.[0].Roles;
    // https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html — a role whose trust
    // requires amr "authenticated" can only serve authenticated identities.
    expect(roles?.authenticated).toBe('arn:aws:iam::000000000000:role/PlanAuth');
    expect(
      report.inferred.some((i) =>
        i.includes('authenticated = aws_iam_role.auth.arn (its trust policy admits only amr "authenticated")'),
      ),
    ).toBe(true);
    // The guest role's trust is built from the pool id, unknown in the plan: that key stays unresolved, and why is said.
    expect(roles?.unauthenticated).toMatch(/^UNRESOLVED-/);
    expect(report.unresolved.some((d) => d.path.endsWith('after_unknown.roles.unauthenticated'))).toBe(true);
    // Why it cannot be resolved (the plan's configuration lists references, not keys; the guest role's trust is
    // unknown) and what to run instead (terraform show -json of the state, or of a plan saved after the apply:
    // https://developer.hashicorp.com/terraform/internals/json-format).
    expect(report.unresolved.find((d) => d.path.endsWith('after_unknown.roles'))?.message).toBe(
      'aws_cognito_identity_pool_roles_attachment.notes.roles is one expression naming aws_iam_role.auth.arn and ' +
        "aws_iam_role.guest.arn, and a plan lists an expression's references without saying which key each is for, " +
        'so the unauthenticated role is not known: the trust policies do not settle it (a role is placed by its trust ' +
        'only when that admits only amr "authenticated" or only "unauthenticated"); aws_iam_role.guest\'s trust ' +
        'policy is known only after apply. To resolve it, after `terraform apply`, import the state ' +
        '(`terraform show -json > state.json`) or a plan saved after the apply ' +
        '(`terraform plan -out p.tfplan && terraform show -json p.tfplan > plan.json`), where these values are known',
    );
    expect(workspace.iam?.Policies ?? []).toEqual([]);
    expect(report.unresolved.some((d) => /aws_iam_policy\.notes\.policy.*left out of evaluation/.test(d.message))).toBe(
      true,
    );
    // A trust policy built from the pool id is not replaced by the pool id.
    expect(
      workspace.iam?.RoleDetailList?.find((r) => r.RoleName === 'PlanGuest')?.AssumeRolePolicyDocument,
    ).toBeUndefined();
  });

  it("the roles map is fully placed when both referenced roles' trust policies are known and each admits one amr", () => {
    const plan = JSON.parse(file.text) as {
      planned_values: { root_module: { resources: { address: string; values: Record<string, unknown> }[] } };
      resource_changes: { address: string; change: { after_unknown: Record<string, unknown> } }[];
    };
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' } },
        },
      ],
    });
    plan.planned_values.root_module.resources.find(
      (r) => r.address === 'aws_iam_role.guest',
    )!.values.assume_role_policy = trust;
    delete plan.resource_changes.find((r) => r.address === 'aws_iam_role.guest')!.change.after_unknown
      .assume_role_policy;
    const r = importFiles([{ name: 'plan.json', text: JSON.stringify(plan, null, 1) }], {});
    expect(r.workspace.identityPools?.[0].Roles).toEqual({
      authenticated: 'arn:aws:iam::000000000000:role/PlanAuth',
      unauthenticated: 'arn:aws:iam::000000000000:role/PlanGuest',
    });
    expect(r.report.unresolved.some((d) => d.path.includes('.roles'))).toBe(false);
  });

  it('a referenced role whose trust admits both kinds leaves its key unresolved, and the message says so', () => {
    const plan = JSON.parse(file.text) as {
      planned_values: { root_module: { resources: { address: string; values: Record<string, unknown> }[] } };
      resource_changes: { address: string; change: { after_unknown: Record<string, unknown> } }[];
    };
    // No amr condition: the role can be assumed by authenticated and unauthenticated identities alike
    // (https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html).
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
        },
      ],
    });
    plan.planned_values.root_module.resources.find(
      (r) => r.address === 'aws_iam_role.guest',
    )!.values.assume_role_policy = trust;
    delete plan.resource_changes.find((r) => r.address === 'aws_iam_role.guest')!.change.after_unknown
      .assume_role_policy;
    const r = importFiles([{ name: 'plan.json', text: JSON.stringify(plan, null, 1) }], {});
    expect(r.workspace.identityPools?.[0].Roles?.unauthenticated).toMatch(/^UNRESOLVED-/);
    const msg = r.report.unresolved.find((d) => d.path.endsWith('after_unknown.roles'))?.message ?? '';
    expect(msg).toContain(
      'so the unauthenticated role is not known: the trust policies do not settle it (a role is placed by its trust only when that admits only amr "authenticated" or only "unauthenticated"); aws_iam_role.guest\'s trust policy has an Allow statement with no amr condition (it admits both kinds). To resolve it, after `terraform apply`, import the state',
    );
  });

  it('takes a value the configuration says is one other known attribute, and reports it as inferred', () => {
    expect(workspace.iam?.RoleDetailList?.find((r) => r.RoleName === 'PlanGuest')?.RolePolicyList?.[0].PolicyName).toBe(
      'public-read',
    );
    expect(
      report.inferred.some((i) => i.includes('aws_iam_role_policy.guest_public.role = aws_iam_role.guest.id')),
    ).toBe(true);
    expect(workspace.resourcePolicies?.[0].resourceArn).toBe('arn:aws:s3:::plan-user-files');
    expect(workspace.region).toBe('eu-west-1');
    expect(workspace.resources).toContain('arn:aws:dynamodb:eu-west-1:000000000000:table/PlanNotes');
  });

  it('uses the placeholder account once for every ARN, as the workspace account, and lists it', () => {
    expect(workspace.accountId).toBe('000000000000');
    expect(workspace.iam?.RoleDetailList?.every((r) => r.Arn.startsWith('arn:aws:iam::000000000000:'))).toBe(true);
    expect(report.unresolved.filter((d) => d.message.startsWith('the account is not known'))).toHaveLength(1);
  });

  it('--physical-id ADDRESS=VALUE and --account give what the plan does not know', () => {
    const r = importFiles([file], {
      accountId: '123456789012',
      physicalIds: { 'aws_cognito_identity_pool.notes': 'eu-west-1:11111111-2222-4333-8444-555555555555' },
    });
    expect(r.workspace.identityPools?.[0].IdentityPoolId).toBe('eu-west-1:11111111-2222-4333-8444-555555555555');
    expect(r.workspace.iam?.RoleDetailList?.[0].Arn).toMatch(/^arn:aws:iam::123456789012:role\//);
  });
});

describe('bad Terraform input', () => {
  it('a plan of another major format version is refused with the file, path and line', () => {
    const { report } = importFiles([read('plan-v2.json')], {});
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({
      file: 'plan-v2.json',
      path: 'format_version',
      code: 'terraform.format-version',
    });
    expect(report.errors[0].range?.start.line).toBe(2);
    expect(report.errors[0].message).toMatch(/"2\.0".*format version 1\.x/);
  });

  it('a raw terraform.tfstate is refused with what to run instead', () => {
    const raw = { version: 4, terraform_version: '1.9.8', serial: 3, lineage: 'x', outputs: {}, resources: [] };
    const { report } = importFiles([{ name: 'terraform.tfstate', text: JSON.stringify(raw) }], {});
    expect(report.errors[0].message).toMatch(/terraform show -json/);
  });

  it('a policy attribute that is not JSON is an error at its path', () => {
    const doc = JSON.parse(read('state.json').text);
    doc.values.root_module.resources.find(
      (r: { address: string }) => r.address === 'aws_iam_policy.admin',
    ).values.policy = 'not json';
    const { report } = importFiles([{ name: 's.json', text: JSON.stringify(doc, null, 2) }], {});
    expect(report.errors[0].path).toMatch(/^values\.root_module\.resources\[\d+\]\.values\.policy$/);
    expect(report.errors[0].range?.start.line).toBeGreaterThan(1);
  });
});
