/**
 * A Serverless Framework service imported whole (issue 10): serverless.yml's resources block and the role Serverless
 * generates from provider.iam.role.statements, with ${self:}, ${opt:} (and its fallback), ${sls:stage},
 * ${aws:region} and ${aws:accountId} resolved where the file defines them, and every other variable listed as
 * unresolved with file:line and what to run instead. Never a `${…}` Serverless variable passed through as text.
 * Variables: https://www.serverless.com/framework/docs/guides/variables ("${sls:stage} is a shortcut for
 * ${opt:stage, self:provider.stage, "dev"}", "${aws:region} … ${opt:region, self:provider.region, "us-east-1"}");
 * the generated role: https://www.serverless.com/framework/docs/providers/aws/guide/iam (provider.iam.role.statements).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../../policy-engine/workspace/import';
import type { ImportFile, ImportOptions } from '../../../../policy-engine/workspace/import';
import { decodePolicy } from '../../../../policy-engine/workspace/policy-doc';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import { evaluateRequest } from '../../../../policy-engine/evaluate-request';
import type { Workspace } from '../../../../policy-engine/model/workspace';

const dir = join(__dirname, '../../../fixtures/import/serverless');
const read = (name: string): ImportFile => ({
  name: `serverless/${name}`,
  text: readFileSync(join(dir, name), 'utf8'),
});
const A = '123456789012';
const RUN = 'run `serverless package`';

/** Every string of the workspace that still holds a Serverless variable (IAM policy variables are fine). */
function serverlessVariablesLeft(ws: Workspace): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      const doc = v.startsWith('{') ? decodePolicy(v) : null;
      if (doc) return walk(doc);
      for (const m of v.matchAll(/\$\{([^}]*)\}/g))
        if (/^(self|opt|sls|env|param|file\(|ssm|s3|cf|aws:(accountId|region))/.test(m[1])) out.push(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  // What the workspace evaluates (not importNotes, whose messages quote the variables they stand for).
  walk([ws.iam, ws.identityPools, ws.resources, ws.resourcePolicies, ws.userPools]);
  return out;
}

describe('serverless.yml imported whole', () => {
  const opts: ImportOptions = { accountId: A };
  const { workspace: ws, report } = importFiles([read('serverless.yml')], opts);
  const roles = ws.iam?.RoleDetailList ?? [];

  it('is recognised and read as one stack: its resources and the generated Lambda role', () => {
    expect(report.errors).toEqual([]);
    expect(report.loaded).toEqual([expect.objectContaining({ file: 'serverless/serverless.yml', kind: 'serverless' })]);
    expect(roles.map((r) => r.Arn)).toEqual([
      `arn:aws:iam::${A}:role/notes-api-dev-auth`,
      `arn:aws:iam::${A}:role/notes-api-dev-eu-west-1-lambdaRole`,
    ]);
    expect(ws.identityPools?.map((p) => p.IdentityPoolName)).toEqual(['notes_api_dev']);
    expect(ws.resources).toContain(`arn:aws:dynamodb:eu-west-1:${A}:table/notes-dev`);
    expect(ws.resources).toContain('arn:aws:s3:::notes-api-uploads-dev');
  });

  it("${opt:stage, 'dev'} and ${opt:region, 'eu-west-1'} fall back to their defaults; ${self:} chains resolve", () => {
    expect(ws.region).toBe('eu-west-1');
    expect(report.inferred.some((i) => i.startsWith('region eu-west-1: inferred from the provider.region of'))).toBe(
      true,
    );
    const auth = roles.find((r) => r.RoleName === 'notes-api-dev-auth');
    // ${self:custom.uploadsBucket} = ${self:service}-uploads-${sls:stage}, referenced by !Sub ${UploadsBucket}.
    expect(JSON.stringify(decodePolicy(auth?.RolePolicyList?.[0].PolicyDocument))).toContain(
      'arn:aws:s3:::notes-api-uploads-dev/private/${cognito-identity.amazonaws.com:sub}/*',
    );
  });

  it('the generated role carries provider.iam.role.statements after the log statements, with ${aws:region}/${aws:accountId}', () => {
    const lambda = roles.find((r) => r.RoleName === 'notes-api-dev-eu-west-1-lambdaRole');
    expect(lambda?.AssumeRolePolicyDocument).toMatchObject({
      Statement: [{ Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
    });
    const doc = decodePolicy(lambda?.RolePolicyList?.[0].PolicyDocument) as { Statement: { Resource: unknown }[] };
    expect(lambda?.RolePolicyList?.[0].PolicyName).toBe('notes-api-dev-lambda');
    expect(doc.Statement.map((s) => s.Resource)).toEqual([
      [`arn:aws:logs:eu-west-1:${A}:log-group:/aws/lambda/notes-api-dev*:*`],
      [`arn:aws:logs:eu-west-1:${A}:log-group:/aws/lambda/notes-api-dev*:*:*`],
      [`arn:aws:dynamodb:eu-west-1:${A}:table/notes-dev`],
      'arn:aws:s3:::notes-api-uploads-dev/*',
    ]);
  });

  it('a value only Serverless can fetch (SSM) is listed at its line with what to run instead, never passed through', () => {
    const ssm = report.unresolved.find((d) => d.message.includes('${ssm:/notes/${sls:stage}/audit-table}'));
    expect(ssm).toMatchObject({ file: 'serverless/serverless.yml', range: { start: { line: 31 } } });
    expect(ssm?.message).toContain('SSM Parameter Store');
    expect(ssm?.message).toContain(
      `${RUN} (with the same --stage and --region) and import .serverless/cloudformation-template-update-stack.json`,
    );
    expect(serverlessVariablesLeft(ws)).toEqual([]);
    // The table that name stood for is not guessed into the matrix.
    expect(ws.resources?.some((r) => r.includes('UNRESOLVED'))).toBe(false);
  });

  it('the imported workspace answers: the authenticated role may Query its own items in the table', () => {
    const pw = prepareWorkspace(ws);
    const answer = evaluateRequest(
      pw,
      {
        principal: `arn:aws:iam::${A}:role/notes-api-dev-auth`,
        action: 'dynamodb:Query',
        resource: `arn:aws:dynamodb:eu-west-1:${A}:table/notes-dev`,
        context: {
          'cognito-identity.amazonaws.com:sub': 'eu-west-1:11111111-2222-4333-8444-555555555555',
          'dynamodb:LeadingKeys': ['eu-west-1:11111111-2222-4333-8444-555555555555'],
        },
      },
      { now: new Date('2026-12-07T12:00:00Z') },
    );
    expect(answer.decision).toBe('allowed');
  });
});

describe('options and fallbacks', () => {
  it('--parameter stage=prod and --region replace the defaults everywhere', () => {
    const { workspace: ws } = importFiles([read('serverless.yml')], {
      accountId: A,
      region: 'us-west-2',
      parameters: { stage: 'prod' },
    });
    expect(ws.iam?.RoleDetailList?.map((r) => r.RoleName)).toEqual([
      'notes-api-prod-auth',
      'notes-api-prod-us-west-2-lambdaRole',
    ]);
    expect(ws.resources).toContain(`arn:aws:dynamodb:us-west-2:${A}:table/notes-prod`);
  });

  it('without --account, ${aws:accountId} is the one placeholder account, listed with --account', () => {
    const { workspace: ws, report } = importFiles([read('serverless.yml')], {});
    expect(ws.accountId).toBe('000000000000');
    const account = report.unresolved.filter((d) => d.message.startsWith('${aws:accountId}'));
    // provider.iam.role.statements[0] (line 23) and the auth role's audit statement (line 122).
    expect(account.map((d) => d.range?.start.line).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([23, 122]);
    expect(account[0].message).toContain('give --account ID');
  });

  it('${opt:x} without a fallback, ${env:X} and ${self:missing} each say what to give or run', () => {
    const text = [
      'service: tiny',
      'provider:',
      '  name: aws',
      '  region: us-east-1',
      'resources:',
      '  Resources:',
      '    Files:',
      '      Type: AWS::S3::Bucket',
      '      Properties:',
      '        BucketName: files-${opt:team}',
      '    Logs:',
      '      Type: AWS::S3::Bucket',
      '      Properties:',
      '        BucketName: ${env:LOG_BUCKET}',
      '    Other:',
      '      Type: AWS::S3::Bucket',
      '      Properties:',
      '        BucketName: ${self:custom.nothing}',
      '    Given:',
      '      Type: AWS::S3::Bucket',
      '      Properties:',
      '        BucketName: ${opt:team, "core"}-given-${self:provider.region}',
    ].join('\n');
    const { workspace: ws, report } = importFiles([{ name: 'serverless.yml', text }], { accountId: A });
    const byLine = (line: number) => report.unresolved.find((d) => d.range?.start.line === line)?.message;
    expect(byLine(10)).toMatch(
      /^\$\{opt:team\}: the CLI option --team is not given and has no default here: give --parameter team=VALUE, or run `serverless package`/,
    );
    expect(byLine(14)).toMatch(/^\$\{env:LOG_BUCKET\}: an environment variable of the machine that runs Serverless/);
    expect(byLine(18)).toMatch(/^\$\{self:custom\.nothing\}: custom\.nothing is not defined in serverless\.yml/);
    expect(ws.resources).toContain('arn:aws:s3:::core-given-us-east-1');
    expect(serverlessVariablesLeft(ws)).toEqual([]);
    const given = importFiles([{ name: 'serverless.yml', text }], { accountId: A, parameters: { team: 'data' } });
    expect(given.workspace.resources).toContain('arn:aws:s3:::files-data');
    expect(given.workspace.resources).toContain('arn:aws:s3:::data-given-us-east-1');
  });

  it('CloudFormation ${AWS::Region} in Fn::Sub and IAM policy variables (${aws:username}) are not Serverless variables', () => {
    const text = [
      'service: subs',
      'provider: { name: aws, region: ap-south-1 }',
      'resources:',
      '  Resources:',
      '    Reader:',
      '      Type: AWS::IAM::Role',
      '      Properties:',
      '        RoleName: reader',
      '        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] }',
      '        Policies:',
      '          - PolicyName: p',
      '            PolicyDocument:',
      '              Version: "2012-10-17"',
      '              Statement:',
      '                - Effect: Allow',
      '                  Action: s3:GetObject',
      '                  Resource:',
      '                    - !Sub "arn:aws:s3:::data-${AWS::Region}/${!aws:username}/*"',
      '                    - "arn:aws:s3:::logs/${aws:username}/*"',
    ].join('\n');
    const { workspace: ws, report } = importFiles([{ name: 'serverless.yml', text }], { accountId: A });
    expect(report.unresolved).toEqual([]);
    const policy = JSON.stringify(ws.iam?.RoleDetailList?.[0].RolePolicyList);
    expect(policy).toContain('arn:aws:s3:::data-ap-south-1/${aws:username}/*');
    expect(policy).toContain('arn:aws:s3:::logs/${aws:username}/*');
  });
});

describe('resources split over files', () => {
  it('${file(…)} parts are read from the files imported together: one stack, Fn::GetAtt across the files resolves', () => {
    const { workspace: ws, report } = importFiles(
      [read('split/serverless.yml'), read('split/resources/data.yml'), read('split/resources/identity.yml')],
      { accountId: A },
    );
    expect(report.errors).toEqual([]);
    expect(report.loaded.map((l) => l.kind)).toEqual(['serverless', 'serverless-include', 'serverless-include']);
    const guest = ws.iam?.RoleDetailList?.find((r) => r.RoleName === 'photos-dev-guest');
    expect(JSON.stringify(decodePolicy(guest?.RolePolicyList?.[0].PolicyDocument))).toContain(
      `"Resource":"arn:aws:dynamodb:us-east-1:${A}:table/photos-dev"`,
    );
    expect(ws.resources).toContain(`arn:aws:s3:::photos-dev-${A}/public/*`);
    expect(report.unresolved.filter((d) => /GetAtt/.test(d.message))).toEqual([]);
  });

  it.each([
    ['absolute names', (n: string) => `/home/u/${n}`],
    ['Windows names (backslashes)', (n: string) => `proj\\${n.replace(/\//g, '\\')}`],
  ])('${file(…)} parts are read whatever the names: %s', (_, rename) => {
    const files = [
      read('split/serverless.yml'),
      read('split/resources/data.yml'),
      read('split/resources/identity.yml'),
    ];
    const { workspace: ws, report } = importFiles(
      files.map((f) => ({ ...f, name: rename(f.name) })),
      { accountId: A },
    );
    expect(report.errors).toEqual([]);
    expect(report.loaded.map((l) => l.kind)).toEqual(['serverless', 'serverless-include', 'serverless-include']);
    expect(report.unresolved.filter((d) => d.message.includes('${file('))).toEqual([]);
    expect(ws.iam?.RoleDetailList?.map((r) => r.RoleName)).toContain('photos-dev-guest');
    expect(ws.resources).toContain(`arn:aws:s3:::photos-dev-${A}/public/*`);
  });

  const service = (custom: string[]): ImportFile => ({
    name: 'app/serverless.yml',
    text: [
      'service: app',
      'provider:',
      '  name: aws',
      '  region: us-east-1',
      'custom:',
      ...custom,
      'resources:',
      '  Resources:',
      '    Table:',
      '      Type: AWS::DynamoDB::Table',
      '      Properties:',
      '        TableName: ${self:custom.table}',
    ].join('\n'),
  });
  const tableName = (ws: Workspace) => ws.resources?.find((r) => r.includes(':table/'));

  it('a ${file(…)} whose path holds a variable reads the file it names, which is not imported on its own', () => {
    const { workspace: ws, report } = importFiles(
      [
        service(['  table: ${file(./config.${sls:stage}.yml):tableName}']),
        { name: 'app/config.dev.yml', text: 'tableName: notes-dev\n' },
      ],
      { accountId: A },
    );
    expect(report.errors).toEqual([]);
    expect(report.unresolved).toEqual([]);
    expect(report.loaded.map((l) => l.kind)).toEqual(['serverless', 'serverless-include']);
    expect(tableName(ws)).toBe(`arn:aws:dynamodb:us-east-1:${A}:table/notes-dev`);
  });

  it('a syntax error in an included file is listed with its name and line; the value says so', () => {
    const { report } = importFiles(
      [
        service(['  table: ${file(./config.yml):tableName}', '  other: ${file(./config.yml):other}']),
        { name: 'app/config.yml', text: 'a: 1\ntableName: [notes\n' },
      ],
      { accountId: A },
    );
    expect(report.errors.map((e) => e.file)).toEqual(['app/config.yml']);
    expect(report.errors[0].range?.start.line).toBeGreaterThanOrEqual(2);
    const table = report.unresolved.find((d) => d.message.startsWith('${file(./config.yml):tableName}'));
    expect(table?.message).toContain('app/config.yml could not be read (its error is listed); fix it, or');
  });

  it('the error names the included file as the import lists it (a ./ or backslash name), once for two services', () => {
    const second: ImportFile = { ...service(['  table: ${file(./config.yml):tableName}']), name: 'app\\other.yml' };
    const { report } = importFiles(
      [
        service(['  table: ${file(./config.yml):tableName}']),
        second,
        { name: './app/config.yml', text: 'a: 1\ntableName: [notes\n' },
      ],
      { accountId: A },
    );
    expect(report.errors.map((e) => e.file)).toEqual(['./app/config.yml']);
    expect(report.loaded.filter((l) => l.kind === 'serverless-include').map((l) => l.file)).toEqual([
      './app/config.yml',
    ]);
  });

  it('a key the included file does not define is said so (not "not among the files imported")', () => {
    const { report } = importFiles(
      [service(['  table: ${file(./config.yml):tableName}']), { name: 'app/config.yml', text: 'other: x\n' }],
      { accountId: A },
    );
    const table = report.unresolved.find((d) => d.message.startsWith('${file(./config.yml):tableName}'));
    expect(table?.message).toContain('app/config.yml has no tableName; define it there, or');
  });

  it('a nested variable with a bare-word fallback (Serverless docs: variables with fallback values)', () => {
    const { workspace: ws, report } = importFiles([service(['  table: ${self:custom.a, ${opt:b, dev}}'])], {
      accountId: A,
    });
    expect(report.unresolved).toEqual([]);
    expect(tableName(ws)).toBe(`arn:aws:dynamodb:us-east-1:${A}:table/dev`);
  });

  it('an included file not given is listed: import it together, or run serverless package', () => {
    const { report } = importFiles([read('split/serverless.yml'), read('split/resources/data.yml')], { accountId: A });
    const missing = report.unresolved.find((d) => d.message.startsWith('${file(./resources/identity.yml)}'));
    expect(missing?.message).toMatch(
      /the file is not among the files imported \(import it together with serverless\/split\/serverless\.yml\)/,
    );
    expect(missing?.range?.start.line).toBe(13);
  });

  it('a resources file imported alone: its Serverless variables are listed at their lines, never passed through', () => {
    const { workspace: ws, report } = importFiles([read('split/resources/identity.yml')], { accountId: A });
    const stage = report.unresolved.filter((d) =>
      d.message.startsWith('${sls:stage} is a Serverless Framework variable'),
    );
    expect(stage.map((d) => d.range?.start.line)).toEqual([5, 10]);
    expect(stage[0].message).toContain('import the serverless.yml that includes this file together with it');
    expect(serverlessVariablesLeft(ws)).toEqual([]);
  });
});
