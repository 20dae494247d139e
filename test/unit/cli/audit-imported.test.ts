/**
 * Audit of workspaces imported from real-world shapes (CDK, Amplify, SAM templates and AWS CLI exports): no noise,
 * concrete messages, and locations inside the template the entity came from (statement, rule, property line).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runAudit } from '../../../cli/commands/audit';
import { runImport } from '../../../cli/commands/import';
import type { Io } from '../../../cli/io';
import { runCaptured } from './run-captured';

const root = resolve(__dirname, '../../..');
const now = new Date('2026-11-01T00:00:00Z');
let dir = '';

const run = (fn: (a: string[], io: Io) => Promise<number>, args: string[]) => runCaptured(fn, args, { cwd: root, now });

interface F {
  ruleId: string;
  severity: string;
  message: string;
  location: { kind: string; file?: string; source?: { file: string; line?: number }; start?: { line: number } };
}
async function audit(ws: string): Promise<F[]> {
  const r = await run(runAudit, ['--workspace', ws, '--format', 'json']);
  return (JSON.parse(r.stdout) as { findings: F[] }).findings;
}
async function sarifResults(ws: string) {
  const r = await run(runAudit, ['--workspace', ws, '--format', 'sarif']);
  return (
    JSON.parse(r.stdout) as {
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    }
  ).runs[0].results;
}
/** The 1-based line of the first occurrence of `needle` after line `after`. */
function lineOf(file: string, needle: string, after = 0): number {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  return lines.findIndex((l, i) => i >= after && l.includes(needle)) + 1;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rolecall-audit-'));
  const imp = async (out: string, files: string[]) => {
    const r = await run(runImport, [
      ...files,
      '--account',
      '123456789012',
      '--region',
      'eu-west-1',
      '-o',
      join(dir, out),
    ]);
    expect(r.code, r.stderr).toBe(0);
  };
  await imp('cdk.rolecall.json', [
    'test/fixtures/import/cdk.out/AppStack.template.json',
    'test/fixtures/import/cdk.out/PoolStack.template.json',
  ]);
  await imp('sam.rolecall.json', ['test/fixtures/import/sam-template.yaml']);
  await imp('amplify.rolecall.json', ['test/fixtures/import/amplify/auth-notes-cloudformation-template.json']);
  await imp('serverless.rolecall.json', [
    'test/fixtures/import/serverless/included/serverless.yml',
    'test/fixtures/import/serverless/included/resources/cognito.yml',
  ]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit of imported workspaces', () => {
  it('SAM: the trust statement without aud is located at its line in the YAML template (SARIF region)', async () => {
    // https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
    const ws = join(dir, 'sam.rolecall.json');
    const f = await audit(ws);
    expect(f.map((x) => x.ruleId)).toEqual(['trust-missing-aud']);
    const statementLine = lineOf(
      'test/fixtures/import/sam-template.yaml',
      '- Effect: Allow',
      lineOf('test/fixtures/import/sam-template.yaml', 'ClientRole:'),
    );
    expect(f[0].location.source).toMatchObject({ file: 'test/fixtures/import/sam-template.yaml', line: statementLine });
    const [res] = await sarifResults(ws);
    expect(res.locations[0].physicalLocation.artifactLocation.uri).toBe('test/fixtures/import/sam-template.yaml');
    expect(res.locations[0].physicalLocation.region.startLine).toBe(statementLine);
  });

  it('CDK: an AWS managed policy the workspace lacks is one finding naming both roles, at the ManagedPolicyArns entry', async () => {
    const f = await audit(join(dir, 'cdk.rolecall.json'));
    const missing = f.filter((x) => x.ruleId === 'policy-validation');
    expect(missing).toHaveLength(1);
    expect(missing[0].severity).toBe('medium');
    expect(missing[0].message).toMatch(
      /UnauthRole.*the guest role of pool .*AdminRole.*mapping rule 0.*AmazonS3ReadOnlyAccess.*understated/,
    );
    const file = 'test/fixtures/import/cdk.out/AppStack.template.json';
    expect(missing[0].location.source?.file).toBe(file);
    // The entry inside UnauthRole's ManagedPolicyArns, not the resource's first line.
    const entry = lineOf(file, '"ManagedPolicyArns"', lineOf(file, '"UnauthRole3E4F5A6B"'));
    expect(missing[0].location.source!.line!).toBeGreaterThan(entry);
    expect(missing[0].location.source!.line!).toBeLessThan(entry + 4);
  });

  it('CDK: a pool whose template leaves AllowClassicFlow out is low, and says the flag is unset and unset has been seen to allow the basic flow', async () => {
    // https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_cognito_identitypool.IdentityPoolProps.html — "default: Classic Flow not allowed"
    const f = (await audit(join(dir, 'amplify.rolecall.json'))).filter((x) => x.ruleId === 'classic-flow-enabled');
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('low');
    expect(f[0].message).toContain('leaves AllowClassicFlow unset');
    expect(f[0].message).toContain('observed to still allow the basic flow (GetOpenIdToken; aws/aws-cli#7652)');
  });

  it('Amplify: unresolved role parameters are not reported as the user\'s mistake: low "could not be checked", naming the placeholder and the option, at the role attachment', async () => {
    const f = (await audit(join(dir, 'amplify.rolecall.json'))).filter((x) => x.ruleId === 'pool-validation');
    expect(f.map((x) => [x.severity, x.message])).toEqual([
      [
        'low',
        expect.stringMatching(
          /^Could not be checked: this depends on "UNRESOLVED-unauthRoleArn", a placeholder the import used because parameter unauthRoleArn has no default: give --parameter unauthRoleArn=VALUE/,
        ),
      ],
      ['low', expect.stringMatching(/^Could not be checked: this depends on "UNRESOLVED-authRoleArn"/)],
    ]);
    const file = 'test/fixtures/import/amplify/auth-notes-cloudformation-template.json';
    expect(f[0].location.source?.line).toBe(lineOf(file, '"unauthenticated"', lineOf(file, '"IdentityPoolRoleMap"')));
  });

  it('Serverless: a finding on a role defined in a `resources: ${file(resources/cognito.yml)}` file is placed in that file at its line', async () => {
    // https://www.serverless.com/framework/docs/guides/resources (resources: ${file(...)}) and
    // https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html (the aud condition)
    const ws = join(dir, 'serverless.rolecall.json');
    const f = await audit(ws);
    expect(f.map((x) => x.ruleId)).toEqual(['trust-missing-aud']);
    const file = 'test/fixtures/import/serverless/included/resources/cognito.yml';
    const statementLine = lineOf(file, '- Effect: Allow', lineOf(file, 'TasksAuthRole:'));
    expect(statementLine).toBeGreaterThan(1);
    expect(f[0].location.source).toMatchObject({ file, line: statementLine, logicalId: 'TasksAuthRole' });
    const [res] = await sarifResults(ws);
    expect(res.locations[0].physicalLocation.artifactLocation.uri).toBe(file);
    expect(res.locations[0].physicalLocation.region.startLine).toBe(statementLine);
  });

  it('Serverless resources files without serverless.yml, one written under `resources:`: the finding is at the statement in that file', async () => {
    // https://www.serverless.com/framework/docs/guides/resources and
    // https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html (the aud condition)
    const frag = 'test/fixtures/import/serverless/fragments/resources';
    const iam = readFileSync(join(root, frag, 'iam.yml'), 'utf8');
    const noAud = iam.replace(
      '              StringEquals:\n                cognito-identity.amazonaws.com:aud: !Ref NotesIdentityPool\n',
      '',
    );
    expect(noAud).not.toBe(iam);
    const wrapped = `resources:\n${noAud
      .split('\n')
      .map((l) => (l.trim() === '' ? l : `  ${l}`))
      .join('\n')}`;
    const iamFile = join(dir, 'iam-wrapped.yml');
    writeFileSync(iamFile, wrapped);
    const ws = join(dir, 'fragments.rolecall.json');
    const r = await run(runImport, [join(root, frag, 'cognito.yml'), iamFile, '--account', '123456789012', '-o', ws]);
    expect(r.code, r.stderr).toBe(0);
    const f = await audit(ws);
    expect(f.map((x) => x.ruleId)).toEqual(['trust-missing-aud']);
    const lines = wrapped.split('\n');
    const role = lines.findIndex((l) => l.includes('NotesAuthRole:'));
    const statementLine = lines.findIndex((l, i) => i > role && l.includes('- Effect: Allow')) + 1;
    expect(statementLine).toBeGreaterThan(role + 1);
    expect(f[0].location.source).toMatchObject({ file: iamFile, line: statementLine, logicalId: 'NotesAuthRole' });
  });

  it('the demo workspace shows only its one deliberate risk (MFA off while admins reach AppAdmin)', async () => {
    expect((await audit('examples/demo.rolecall.json')).map((f) => f.ruleId)).toEqual(['userpool-mfa-not-required']);
  });
});
