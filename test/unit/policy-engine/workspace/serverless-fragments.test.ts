/**
 * Serverless resources files imported together without their serverless.yml (`rolecall import resources/cognito.yml
 * resources/iam.yml`): Serverless deploys every part of a service's `resources` as one CloudFormation stack
 * (https://www.serverless.com/framework/docs/guides/resources: "Every stage you deploy with serverless.yml is a single
 * AWS CloudFormation stack"; the list form `resources: [- ${file(…)}, …]`), so a part's Ref / Fn::GetAtt of a logical
 * id another part defines resolves as in one template
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-ref.html,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-getatt.html).
 * A logical id must be unique within a template
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html).
 * Fixtures are not formatted by Prettier (their lines matter); expected lines are found in their text here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../../policy-engine/workspace/import';
import type { ImportFile } from '../../../../policy-engine/workspace/import';
import { parseTemplate } from '../../../../policy-engine/workspace/cfn-parse';
import { importedPolicySources } from '../../../../policy-engine/workspace/import-sources';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { evaluateRequest } from '../../../../policy-engine/evaluate-request';
import type { Request } from '../../../../policy-engine/model/request';
import type { Workspace } from '../../../../policy-engine/model/workspace';

const dir = join(__dirname, '../../../fixtures/import/serverless/fragments/resources');
const COGNITO = 'resources/cognito.yml';
const IAM = 'resources/iam.yml';
const cognitoText = readFileSync(join(dir, 'cognito.yml'), 'utf8');
const iamText = readFileSync(join(dir, 'iam.yml'), 'utf8');
const cognito = (text = cognitoText): ImportFile => ({ name: COGNITO, text });
const iam = (text = iamText): ImportFile => ({ name: IAM, text });

const ACCOUNT = '123456789012';
const POOL = 'eu-west-1:0c0ffee0-1111-4222-8333-444455556666';
const opts = { accountId: ACCOUNT, physicalIds: { NotesIdentityPool: POOL } };
const PROVIDER = 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123';
const CLIENT = '4f1q2w3e4r5t6y7u8i9o0pexam';
const ID = 'eu-west-1:5a1c0000-0000-4000-8000-000000000001';
const now = new Date('2026-12-07T00:00:00Z');

/** The 1-based line of the first line holding `needle` at or after line `from`. */
function lineOf(text: string, needle: string, from = 1): number {
  const i = text.split('\n').findIndex((l, n) => n >= from - 1 && l.includes(needle));
  if (i < 0) throw new Error(`${needle} not found`);
  return i + 1;
}

/** The 1-based line and column of the first `needle` in `text`. */
function lineAndColumn(text: string, needle: string): { line: number; column: number } {
  const line = lineOf(text, needle);
  return { line, column: text.split('\n')[line - 1].indexOf(needle) + 1 };
}

/** The two files as the one template Serverless would deploy (their Resources and Outputs together), as JSON. */
function mergedTemplate(): ImportFile {
  const parts = [cognitoText, iamText].map((t, i) => {
    const r = parseTemplate(t, `part${i}.yml`);
    if (!r.ok) throw new Error('fixture does not parse');
    return r.value.value as Record<string, Record<string, unknown>>;
  });
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: Object.assign({}, ...parts.map((p) => p.Resources ?? {})) as Record<string, unknown>,
    Outputs: Object.assign({}, ...parts.map((p) => p.Outputs ?? {})) as Record<string, unknown>,
  };
  return { name: 'merged.json', text: JSON.stringify(template, null, 2) };
}

const user = (aud = CLIENT) => ({
  identityPoolId: POOL,
  provider: PROVIDER,
  identityId: ID,
  claims: { sub: 'u-1', aud, iss: `https://${PROVIDER}` },
});
const guest = { identityPoolId: POOL, identityId: ID };
const requests: Request[] = [
  {
    id: 'guest reads public',
    identity: guest,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::notes-files-example/public/a.jpg',
  },
  {
    id: 'guest writes public',
    identity: guest,
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::notes-files-example/public/a.jpg',
  },
  {
    id: 'user writes own prefix',
    identity: user(),
    action: 's3:PutObject',
    resource: `arn:aws:s3:::notes-files-example/private/${ID}/n.txt`,
  },
  {
    id: 'user reads another prefix',
    identity: user(),
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::notes-files-example/private/eu-west-1:other/n.txt',
  },
  {
    id: 'token of another app client',
    identity: user('someotherclient00000000000'),
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::notes-files-example/public/a.jpg',
  },
];

function answers(ws: Workspace) {
  const pw = prepareWorkspace(ws);
  return requests.map((req) => {
    const a = evaluateRequest(pw, req, { now });
    return {
      id: req.id,
      decision: a.decision,
      roleArn: a.roleArn ?? null,
      outcome: a.resolution?.outcome ?? null,
      error: a.resolution?.error?.message ?? null,
    };
  });
}

describe('two Serverless resources files imported without serverless.yml', () => {
  const { workspace: ws, report } = importFiles([cognito(), iam()], opts);

  it("resolve each other's Ref and Fn::GetAtt: the attachment gets the roles, the trust policies the pool id", () => {
    expect(report.errors).toEqual([]);
    expect(report.unresolved.filter((d) => /does not define/.test(d.message))).toEqual([]);
    expect(ws.identityPools?.[0].Roles).toEqual({
      authenticated: `arn:aws:iam::${ACCOUNT}:role/notes-auth`,
      unauthenticated: `arn:aws:iam::${ACCOUNT}:role/notes-guest`,
    });
    const auth = ws.iam?.RoleDetailList?.find((r) => r.RoleName === 'notes-auth');
    expect(JSON.stringify(auth?.AssumeRolePolicyDocument)).toContain(`"cognito-identity.amazonaws.com:aud":"${POOL}"`);
    expect(JSON.stringify(auth?.RolePolicyList)).toContain('arn:aws:s3:::notes-files-example/private/');
    // The report says which files were read together, and which reference made it so (file:line).
    const why = report.inferred.find((i) => i.includes('read as one template'));
    expect(why).toContain(`${COGNITO}, ${IAM}: read as one template`);
    expect(why).toContain(
      `${COGNITO}:${lineOf(cognitoText, 'authenticated: !GetAtt NotesAuthRole.Arn')}:9 (Resources.NotesPoolRoles.Properties.Roles.authenticated["Fn::GetAtt"]) names NotesAuthRole, defined in ${IAM}`,
    );
  });

  it('answer every request as the merged template does (and as Cognito and IAM would)', () => {
    const merged = importFiles([mergedTemplate()], opts);
    expect(merged.report.errors).toEqual([]);
    expect(ws.identityPools).toEqual(merged.workspace.identityPools);
    expect(ws.iam).toEqual(merged.workspace.iam);
    expect(ws.resources).toEqual(merged.workspace.resources);
    const got = answers(ws);
    expect(got).toEqual(answers(merged.workspace));
    // https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html (default roles) and the
    // aud check of https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
    expect(Object.fromEntries(got.map((a) => [a.id, a.decision]))).toEqual({
      'guest reads public': 'allowed',
      'guest writes public': 'implicitDeny',
      'user writes own prefix': 'allowed',
      'user reads another prefix': 'implicitDeny',
      'token of another app client': 'noCredentials',
    });
  });

  it('each entity keeps its own file and line; each file lists what it defines', () => {
    const src = ws.sources ?? {};
    expect(src[`arn:aws:iam::${ACCOUNT}:role/notes-auth`]).toMatchObject({
      file: IAM,
      line: lineOf(iamText, 'NotesAuthRole:'),
      logicalId: 'NotesAuthRole',
    });
    expect(src[POOL]).toMatchObject({ file: COGNITO, line: lineOf(cognitoText, 'NotesIdentityPool:') });
    expect(src[`${POOL}#roles`]).toMatchObject({
      file: COGNITO,
      line: lineOf(cognitoText, 'NotesPoolRoles:'),
      logicalId: 'NotesPoolRoles',
    });
    expect(src['arn:aws:s3:::notes-files-example']).toMatchObject({ file: IAM, line: lineOf(iamText, 'NotesBucket:') });
    expect(report.loaded.map((l) => [l.file, l.kind, [...l.items].sort()])).toEqual([
      [COGNITO, 'cloudformation', [POOL, `roles of ${POOL}`].sort()],
      [
        IAM,
        'cloudformation',
        [
          `arn:aws:iam::${ACCOUNT}:role/notes-auth`,
          `arn:aws:iam::${ACCOUNT}:role/notes-guest`,
          'arn:aws:s3:::notes-files-example',
        ].sort(),
      ],
    ]);
  });

  it("an unresolved value inside one file is listed at that file's line", () => {
    const r = importFiles([cognito(), iam()], { accountId: ACCOUNT });
    const inIam = r.report.unresolved.filter((d) => d.file === IAM);
    expect(inIam.map((d) => d.range?.start.line)).toContain(
      lineOf(iamText, 'cognito-identity.amazonaws.com:aud: !Ref NotesIdentityPool'),
    );
    expect(inIam.every((d) => /the identity pool id AWS generates for NotesIdentityPool/.test(d.message))).toBe(true);
  });

  it('a file written with its serverless.yml key (`resources:` holding `Resources:`) is read the same way', () => {
    const wrapped = `resources:\n${iamText
      .split('\n')
      .map((l) => (l.trim() === '' ? l : `  ${l}`))
      .join('\n')}`;
    const r = importFiles([cognito(), iam(wrapped)], opts);
    expect(r.report.errors).toEqual([]);
    expect(r.workspace.identityPools).toEqual(ws.identityPools);
    expect(r.workspace.iam).toEqual(ws.iam);
    expect(r.workspace.sources?.[`arn:aws:iam::${ACCOUNT}:role/notes-auth`]).toMatchObject({
      file: IAM,
      line: lineOf(wrapped, 'NotesAuthRole:'),
    });
    // The app's explanations place the role's trust statement at its line inside the `resources:` key.
    const trust = importedPolicySources(r.workspace, { [COGNITO]: cognitoText, [IAM]: wrapped }).get(
      `arn:aws:iam::${ACCOUNT}:role/notes-auth#trust`,
    );
    expect(trust?.file).toBe(IAM);
    const at = trust?.toFile(lineAndColumn(trust.text, '"Effect"'));
    expect(at?.line).toBe(lineOf(wrapped, '- Effect: Allow', lineOf(wrapped, 'NotesAuthRole:')));
  });

  it('a logical id defined in two of the files is an error naming both files and lines; the first is imported', () => {
    const second = iamText.replace(
      '  NotesBucket:\n',
      '  NotesIdentityPool:\n    Type: AWS::Cognito::IdentityPool\n    Properties:\n      AllowUnauthenticatedIdentities: false\n  NotesBucket:\n',
    );
    expect(second).not.toBe(iamText);
    const r = importFiles([cognito(), iam(second)], opts);
    expect(r.report.errors).toHaveLength(1);
    const e = r.report.errors[0];
    expect(e).toMatchObject({ file: IAM, code: 'template.duplicate-logical-id', path: 'Resources.NotesIdentityPool' });
    expect(e.range?.start.line).toBe(lineOf(second, 'NotesIdentityPool:', lineOf(second, 'NotesGuestRole:')));
    expect(e.message).toContain(
      `Resources.NotesIdentityPool is defined in both ${COGNITO}:${lineOf(cognitoText, 'NotesIdentityPool:')}:3 and ${IAM}:${e.range?.start.line}:3`,
    );
    expect(e.message).toContain(`the one in ${IAM} is not imported`);
    expect(r.workspace.identityPools?.map((p) => p.AllowUnauthenticatedIdentities)).toEqual([true]);
  });

  it('files that do not refer to each other stay separate stacks (the same logical id in both is no error)', () => {
    const r = importFiles([iam(), { name: 'other/iam.yml', text: iamText }], opts);
    expect(r.report.errors).toEqual([]);
    expect(r.report.inferred.some((i) => i.includes('read as one template'))).toBe(false);
    // Alone, their Ref of the pool stays unresolved (listed), as in a template that does not define it.
    expect(
      r.report.unresolved.some((d) => /Ref to NotesIdentityPool, which the template does not define/.test(d.message)),
    ).toBe(true);
  });
});
