/**
 * Serverless `${file(…)}` parts keep their own file and line (issue 10, "every unresolved value listed with
 * file:line"): a serverless.yml whose CloudFormation lives in resources files, included whole
 * (`resources: ${file(resources/cognito.yml)}`) or as a list entry (`resources: [- ${file(…)}]`), as the Serverless docs
 * show: https://www.serverless.com/framework/docs/guides/resources ("Multiple Configuration Files") and
 * https://www.serverless.com/framework/docs/guides/variables/file (reference properties in other YAML/JSON files; the
 * path is relative to serverless.yml). Values resolved inside an included file are listed at that file's lines, a
 * resource written there is sourced to that file, and an unreadable include is one error naming that file.
 * Fixtures are not formatted by Prettier (their lines matter); expected lines are found in their text here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../../policy-engine/workspace/import';
import type { ImportFile } from '../../../../policy-engine/workspace/import';

const dir = join(__dirname, '../../../fixtures/import/serverless/included');
const MAIN = 'serverless/included/serverless.yml';
const COGNITO = 'serverless/included/resources/cognito.yml';
const mainFile = (text = readFileSync(join(dir, 'serverless.yml'), 'utf8')): ImportFile => ({ name: MAIN, text });
const cognitoText = readFileSync(join(dir, 'resources/cognito.yml'), 'utf8');
const cognito = (text = cognitoText): ImportFile => ({ name: COGNITO, text });
const A = '123456789012';

/** The 1-based line of the first line holding `needle` at or after line `from`. */
function lineOf(text: string, needle: string, from = 1): number {
  const i = text.split('\n').findIndex((l, n) => n >= from - 1 && l.includes(needle));
  if (i < 0) throw new Error(`${needle} not found`);
  return i + 1;
}

/** serverless.yml with its `resources:` line replaced by `lines`. */
function withResources(lines: string[]): ImportFile {
  const original = readFileSync(join(dir, 'serverless.yml'), 'utf8');
  const text = original.replace('resources: ${file(resources/cognito.yml)}\n', `${lines.join('\n')}\n`);
  expect(text).not.toBe(original);
  return mainFile(text);
}

const forms: [string, () => ImportFile][] = [
  ['resources: ${file(…)} (the whole block)', () => mainFile()],
  [
    'resources: - ${file(…)} (a list entry, merged with an inline part)',
    () =>
      withResources([
        'resources:',
        '  - ${file(./resources/cognito.yml)}',
        '  - Outputs:',
        '      TasksTable:',
        '        Value: ${self:custom.tasksTable}',
      ]),
  ],
];

describe.each(forms)('a resources file included with %s', (_, serverlessYml) => {
  const { workspace: ws, report } = importFiles([serverlessYml(), cognito()], {});

  it('is one stack: the included role, pool and attachment are imported; the include is not imported twice', () => {
    expect(report.errors).toEqual([]);
    expect(report.loaded.map((l) => [l.file, l.kind])).toEqual([
      [MAIN, 'serverless'],
      [COGNITO, 'serverless-include'],
    ]);
    expect(ws.iam?.RoleDetailList?.map((r) => r.RoleName)).toEqual([
      'tasks-dev-auth',
      'tasks-dev-eu-central-1-lambdaRole',
    ]);
    expect(ws.identityPools?.map((p) => p.IdentityPoolName)).toEqual(['tasks_dev']);
  });

  it('a value unresolved inside the included file is listed at that file’s line, not at the ${file(…)}', () => {
    const env = report.unresolved.find((d) => d.message.startsWith('${env:EXPORTS_BUCKET}'));
    expect(env).toMatchObject({
      file: COGNITO,
      path: 'Resources.TasksAuthRole.Properties.Policies[0].PolicyDocument.Statement[1].Resource',
      range: { start: { line: lineOf(cognitoText, '${env:EXPORTS_BUCKET}') } },
    });
    // ${aws:accountId} in the included policy (no --account): also at its line there.
    const account = report.unresolved.filter((d) => d.message.startsWith('${aws:accountId}'));
    expect(account.map((d) => [d.file, d.range?.start.line])).toEqual([
      [COGNITO, lineOf(cognitoText, ':${aws:accountId}:table/')],
    ]);
    // What the importer itself cannot know about an included resource (the pool id AWS generates) names that file too.
    const poolId = report.unresolved.find((d) => d.path === 'Resources.TasksIdentityPool');
    expect(poolId).toMatchObject({
      file: COGNITO,
      range: { start: { line: lineOf(cognitoText, 'TasksIdentityPool:') } },
    });
  });

  it('the included role’s provenance is the included file and its line (what findings and explanations cite)', () => {
    const role = ws.iam?.RoleDetailList?.find((r) => r.RoleName === 'tasks-dev-auth');
    expect(ws.sources?.[role!.Arn]).toMatchObject({
      file: COGNITO,
      logicalId: 'TasksAuthRole',
      line: lineOf(cognitoText, 'TasksAuthRole:'),
    });
    // The generated Lambda role is written by serverless.yml (its provider block).
    const lambda = ws.iam?.RoleDetailList?.find((r) => r.RoleName === 'tasks-dev-eu-central-1-lambdaRole');
    expect(ws.sources?.[lambda!.Arn]?.file).toBe(MAIN);
  });
});

describe('a broken include', () => {
  it('a resources file that does not parse is one error naming that file and its line; nothing of it is imported', () => {
    const broken = cognitoText.replace('      Roles:\n', '      Roles: [\n');
    expect(broken).not.toBe(cognitoText);
    const { workspace: ws, report } = importFiles([mainFile(), cognito(broken)], { accountId: A });
    expect(report.errors.map((e) => e.file)).toEqual([COGNITO]);
    expect(report.errors[0].range?.start.line).toBeGreaterThanOrEqual(lineOf(broken, 'Roles: ['));
    const include = report.unresolved.filter((d) => d.message.includes('${file(resources/cognito.yml)}'));
    expect(include).toHaveLength(1);
    expect(include[0]).toMatchObject({
      file: MAIN,
      range: { start: { line: lineOf(mainFile().text, 'resources: ${file', 3) } },
    });
    expect(include[0].message).toContain(`${COGNITO} could not be read (its error is listed)`);
    expect(ws.identityPools ?? []).toEqual([]);
  });

  it('an include not given is listed once at the ${file(…)} line, saying to import it together', () => {
    const { report } = importFiles([mainFile()], { accountId: A });
    const include = report.unresolved.filter((d) => d.message.includes('${file(resources/cognito.yml)}'));
    expect(include).toHaveLength(1);
    expect(include[0].file).toBe(MAIN);
    expect(include[0].message).toContain(`the file is not among the files imported (import it together with ${MAIN})`);
  });
});
