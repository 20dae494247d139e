/**
 * Imports run in a worker thread with a time and a memory limit (issue #17, item 2): the host's event loop keeps
 * answering while a hostile template is imported, and a template that takes too long is stopped with a clear error.
 */
import { describe, expect, it } from 'vitest';
import { createImportRunner } from '../../../../electron/ipc/import-runner';

describe('the import worker', () => {
  it('imports a template off the event loop and answers the same as inline', async () => {
    const run = createImportRunner();
    const template = JSON.stringify({
      Resources: { B: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'from-worker' } } },
    });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const result = await run({
      files: [{ name: 't.json', text: template }],
      options: { accountId: '123456789012', region: 'us-east-1' },
    });
    clearInterval(ticker);
    expect(result).toMatchObject({
      ok: true,
      value: { workspace: { resources: expect.arrayContaining(['arn:aws:s3:::from-worker']) } },
    });
    expect(ticks).toBeGreaterThan(0);
  }, 120_000);

  it('stops an import that runs past its time limit with a clear "took too long" error, and the loop stays free', async () => {
    const run = createImportRunner({ timeLimitMs: 300 });
    // Big enough that loading and importing it takes well over 300 ms even on a fast machine.
    const lines = Array.from(
      { length: 60_000 },
      (_, i) => `  R${i}:\n    Type: AWS::S3::Bucket\n    Properties: { BucketName: b${i} }`,
    );
    const started = Date.now();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const result = await run({ files: [{ name: 'slow.yaml', text: `Resources:\n${lines.join('\n')}` }], options: {} });
    clearInterval(ticker);
    expect(result).toMatchObject({
      ok: false,
      errors: [{ code: 'import.timeout', message: expect.stringContaining('took too long') }],
    });
    expect(Date.now() - started).toBeLessThan(30_000);
    // Inline, the import would hold the loop until it finished: no tick could run before the answer.
    expect(ticks).toBeGreaterThan(0);
  }, 120_000);

  it('a base workspace that does not load is reported from the worker too', async () => {
    const result = await createImportRunner()({
      files: [{ name: 'a.json', text: '{}' }],
      options: { baseText: 'not json' },
    });
    expect(result).toMatchObject({ ok: false, errors: [{ file: 'base workspace' }] });
  }, 120_000);

  it('answers an alias bomb and a doubling template with their clear errors, from the worker, while the loop runs', async () => {
    const run = createImportRunner();
    // "Billion laughs": 10 aliases of 10 aliases … 12 levels deep (10^12 nodes if expanded).
    const bomb = ['Resources:', '  R: {Type: AWS::S3::Bucket}', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    // Each role's name selected from a list of the previous role's name twice: 2^40 resolutions if not bounded.
    let doubling =
      'Resources:\n  R0:\n    Type: AWS::IAM::Role\n    Properties: {RoleName: r, AssumeRolePolicyDocument: {}}\n';
    for (let i = 1; i <= 40; i++)
      doubling += `  R${i}:\n    Type: AWS::IAM::Role\n    Properties: {RoleName: !Select [0, [!Ref R${i - 1}, !Ref R${i - 1}]], AssumeRolePolicyDocument: {}}\n`;
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const [a, b] = await Promise.all([
      run({ files: [{ name: 'bomb.yaml', text: bomb.join('\n') }], options: {} }),
      run({ files: [{ name: 'doubling.yaml', text: doubling }], options: {} }),
    ]);
    clearInterval(ticker);
    expect(a).toMatchObject({
      ok: true,
      value: {
        report: {
          errors: [{ code: 'yaml.structure', file: 'bomb.yaml', message: expect.stringMatching(/alias bomb/) }],
        },
      },
    });
    // Past its budget an import brought nothing: an error, so the window keeps the workspace it has.
    expect(b).toMatchObject({ ok: false, errors: [{ code: 'import.too-complex', file: 'doubling.yaml' }] });
    expect(ticks).toBeGreaterThan(0);
  }, 120_000);
});
