/**
 * Templates shaped like the ones real tools synthesise: aws-cdk-lib/aws-cognito-identitypool (role mappings whose
 * IdentityProvider is an Fn::Join / Fn::Sub of refs to a user pool and client in the same template), an Amplify
 * `auth` category stack (IdentityPoolRoleMap with role ARNs passed as parameters) and a SAM template.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../../policy-engine/workspace/import';
import type { ImportFile } from '../../../../policy-engine/workspace/import';
import { parseWorkspaceText, serializeWorkspace } from '../../../../policy-engine/workspace/schema';

const dir = join(__dirname, '../../../fixtures/import');
const read = (name: string): ImportFile => ({ name, text: readFileSync(join(dir, name), 'utf8') });
const A = '111122223333';

const cdkIds = {
  UserPool6BA7E5F2: 'eu-west-1_AbCdEf123',
  UserPoolMobileClient4C1A0E77: '4mobileclientid0123456789a',
  UserPoolWebClient9D3F5B21: '5webclientid0123456789abcd',
  IdentityPool7C2A5E8D: 'eu-west-1:0d3f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
  IdentityPoolAuthenticatedRole42131694: 'PoolStack-IdentityPoolAuthenticatedRole4213-1A2B3C4D5E6F',
  IdentityPoolUnauthenticatedRoleB1B0C3A9: 'PoolStack-IdentityPoolUnauthenticatedRole-6F5E4D3C2B1A',
  AdminRole38563C57: 'PoolStack-AdminRole38563C57-ABCDEF123456',
  FilesBucket8E3A7E1F: 'poolstack-filesbucket8e3a7e1f-1q2w3e4r5t6y',
};

describe('aws-cdk-lib/aws-cognito-identitypool synthesised template', () => {
  // CFN RoleMapping: IdentityProvider names the provider; the map key is only a label when it is set.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cognito-identitypoolroleattachment-rolemapping.html
  // User-pool provider key format `cognito-idp.REGION.amazonaws.com/POOLID:CLIENTID`:
  // https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
  it('role-mapping providers built with Fn::Join and Fn::Sub resolve to cognito-idp.REGION.amazonaws.com/POOLID:CLIENTID with --physical-id', () => {
    const { workspace, report } = importFiles([read('cdk.out/PoolStack.template.json')], {
      accountId: A,
      region: 'eu-west-1',
      physicalIds: cdkIds,
    });
    expect(report.errors).toEqual([]);
    expect(report.unresolved).toEqual([]);
    const pool = workspace.identityPools?.[0];
    expect(pool?.IdentityPoolId).toBe(cdkIds.IdentityPool7C2A5E8D);
    const mobile = `cognito-idp.eu-west-1.amazonaws.com/${cdkIds.UserPool6BA7E5F2}:${cdkIds.UserPoolMobileClient4C1A0E77}`;
    const web = `cognito-idp.eu-west-1.amazonaws.com/${cdkIds.UserPool6BA7E5F2}:${cdkIds.UserPoolWebClient9D3F5B21}`;
    expect(Object.keys(pool?.RoleMappings ?? {})).toEqual([mobile, web]);
    expect(pool?.RoleMappings?.[mobile]).toMatchObject({
      Type: 'Rules',
      AmbiguousRoleResolution: 'Deny',
      RulesConfiguration: {
        Rules: [
          {
            Claim: 'cognito:groups',
            MatchType: 'Contains',
            Value: 'admins',
            RoleARN: `arn:aws:iam::${A}:role/${cdkIds.AdminRole38563C57}`,
          },
        ],
      },
    });
    expect(pool?.RoleMappings?.[web]).toMatchObject({ Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' });
    // The providers themselves: GetAtt ProviderName and a Join with AWS::URLSuffix give the same provider name.
    expect(pool?.CognitoIdentityProviders).toEqual([
      {
        ProviderName: `cognito-idp.eu-west-1.amazonaws.com/${cdkIds.UserPool6BA7E5F2}`,
        ClientId: cdkIds.UserPoolMobileClient4C1A0E77,
        ServerSideTokenCheck: true,
      },
      {
        ProviderName: `cognito-idp.eu-west-1.amazonaws.com/${cdkIds.UserPool6BA7E5F2}`,
        ClientId: cdkIds.UserPoolWebClient9D3F5B21,
        ServerSideTokenCheck: false,
      },
    ]);
    expect(pool?.Roles).toEqual({
      authenticated: `arn:aws:iam::${A}:role/${cdkIds.IdentityPoolAuthenticatedRole42131694}`,
      unauthenticated: `arn:aws:iam::${A}:role/${cdkIds.IdentityPoolUnauthenticatedRoleB1B0C3A9}`,
    });
    // The DefaultPolicy lands on the authenticated role, its bucket ARN resolved; the trust policy's aud is the pool id.
    const auth = workspace.iam?.RoleDetailList?.find(
      (r) => r.RoleName === cdkIds.IdentityPoolAuthenticatedRole42131694,
    );
    expect(JSON.stringify(auth?.RolePolicyList)).toContain(
      `arn:aws:s3:::${cdkIds.FilesBucket8E3A7E1F}/private/\${cognito-identity.amazonaws.com:sub}/*`,
    );
    expect(JSON.stringify(auth?.AssumeRolePolicyDocument)).toContain(cdkIds.IdentityPool7C2A5E8D);
    expect(
      workspace.iam?.RoleDetailList?.find((r) => r.RoleName === cdkIds.AdminRole38563C57)?.AttachedManagedPolicies,
    ).toEqual([{ PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', PolicyName: 'AmazonS3ReadOnlyAccess' }]);
    expect(parseWorkspaceText(serializeWorkspace(workspace), 'out.json').ok).toBe(true);
  });

  it('without the ids, the user pool and clients are listed as unresolved (with the --physical-id to give), and placeholders say so', () => {
    const { workspace, report } = importFiles([read('cdk.out/PoolStack.template.json')], {
      accountId: A,
      region: 'eu-west-1',
    });
    const messages = report.unresolved.map((d) => d.message).join('\n');
    for (const id of [
      'UserPool6BA7E5F2',
      'UserPoolMobileClient4C1A0E77',
      'UserPoolWebClient9D3F5B21',
      'IdentityPool7C2A5E8D',
    ])
      expect(messages).toContain(`--physical-id ${id}=VALUE`);
    const keys = Object.keys(workspace.identityPools?.[0].RoleMappings ?? {});
    expect(keys).toEqual([
      'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_UNRESOLVEDUserPool6BA7E5F2:UNRESOLVED_UserPoolMobileClient4C1A0E77',
      'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_UNRESOLVEDUserPool6BA7E5F2:UNRESOLVED_UserPoolWebClient9D3F5B21',
    ]);
    // Each unresolved entry points at the template: file, path and line.
    const pool = report.unresolved.find((d) => d.message.includes('UserPool6BA7E5F2='));
    expect(pool?.file).toBe('cdk.out/PoolStack.template.json');
    expect(pool?.range?.start.line).toBeGreaterThan(1);
  });

  it('without --region the provider keys are not guessed: AWS::Region is listed as unresolved', () => {
    const { report } = importFiles([read('cdk.out/PoolStack.template.json')], { accountId: A, physicalIds: cdkIds });
    expect(report.unresolved.map((d) => d.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/AWS::Region is not known and the templates do not pin one: give --region/),
      ]),
    );
  });
});

describe('Amplify auth category stack', () => {
  it('IdentityPoolRoleMap roles come from parameters: given with --parameter they resolve; Fn::Sub with a variable map builds the providers', () => {
    const { workspace, report } = importFiles([read('amplify/auth-notes-cloudformation-template.json')], {
      accountId: A,
      region: 'us-east-1',
      parameters: {
        env: 'dev',
        allowUnauthenticatedIdentities: 'true',
        authRoleArn: `arn:aws:iam::${A}:role/amplify-notes-dev-authRole`,
        unauthRoleArn: `arn:aws:iam::${A}:role/amplify-notes-dev-unauthRole`,
        userPoolName: 'notes',
        identityPoolName: 'notes',
        authSelections: 'identityPoolAndUserPool',
        resourceName: 'notes',
      },
      physicalIds: {
        UserPool: 'us-east-1_NoTeS1234',
        UserPoolClient: 'nativeclient123',
        UserPoolClientWeb: 'webclient456',
        IdentityPool: 'us-east-1:11111111-2222-4333-8444-555555555555',
      },
    });
    expect(report.errors).toEqual([]);
    expect(report.unresolved).toEqual([]);
    const pool = workspace.identityPools?.[0];
    expect(pool).toMatchObject({
      IdentityPoolId: 'us-east-1:11111111-2222-4333-8444-555555555555',
      IdentityPoolName: 'notes3a1b2c4d_identitypool_3a1b2c4d__dev',
      AllowUnauthenticatedIdentities: true,
      Roles: {
        authenticated: `arn:aws:iam::${A}:role/amplify-notes-dev-authRole`,
        unauthenticated: `arn:aws:iam::${A}:role/amplify-notes-dev-unauthRole`,
      },
    });
    expect(pool?.CognitoIdentityProviders?.map((p) => `${p.ProviderName}|${p.ClientId}`)).toEqual([
      'cognito-idp.us-east-1.amazonaws.com/us-east-1_NoTeS1234|nativeclient123',
      'cognito-idp.us-east-1.amazonaws.com/us-east-1_NoTeS1234|webclient456',
    ]);
  });

  it('without the parameters, the role ARNs and guest access are listed as unresolved, not guessed', () => {
    const { report } = importFiles([read('amplify/auth-notes-cloudformation-template.json')], {
      accountId: A,
      region: 'us-east-1',
      parameters: { env: 'dev' },
    });
    const messages = report.unresolved.map((d) => d.message);
    for (const p of ['authRoleArn', 'unauthRoleArn', 'allowUnauthenticatedIdentities'])
      expect(messages).toEqual(expect.arrayContaining([expect.stringContaining(`--parameter ${p}=VALUE`)]));
  });
});

describe('SAM template', () => {
  it('reads the plain resources and warns, with the place, about the transform and the serverless resources it cannot expand', () => {
    const { workspace, report } = importFiles([read('sam-template.yaml')], { accountId: A, region: 'us-east-1' });
    expect(report.errors).toEqual([]);
    expect(workspace.iam?.RoleDetailList?.map((r) => r.RoleName)).toEqual(['notes-client-dev']);
    expect(workspace.resources).toContain(`arn:aws:dynamodb:us-east-1:${A}:table/notes-dev`);
    expect(workspace.resourcePolicies?.map((p) => p.resourceArn)).toEqual([
      `arn:aws:dynamodb:us-east-1:${A}:table/notes-dev`,
    ]);
    const transform = report.warnings.find((w) => w.code === 'template.transform');
    expect(transform?.range?.start.line).toBe(4);
    const skipped = report.warnings.find((w) => w.code === 'template.skipped');
    expect(skipped?.message).toMatch(
      /NotesFunction \(AWS::Serverless::Function\), SimpleCache \(AWS::Serverless::SimpleTable\)/,
    );
    expect(skipped?.range?.start.line).toBeGreaterThan(4);
  });
});
