/**
 * The command line's advice (issue #16): `rolecall evaluate --fixes` prints only checked fixes, and advice in words
 * where no policy change is the right fix.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
 */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { main } from '../../../cli/rolecall';
import { runCaptured } from './run-captured';
import type { Answer } from '../../../policy-engine/model/request';

const root = resolve(__dirname, '../../..');
const now = new Date('2026-11-27T12:00:00Z');
const run = (args: string[], stdin?: string) => runCaptured(main, args, { cwd: root, now, stdin });
const POOL = 'us-east-1:4f3c2b1a-9d8e-4c7b-a6f5-0e1d2c3b4a59';
const ME = 'us-east-1:11111111-1111-4111-8111-111111111111';
const user = {
  identityPoolId: POOL,
  provider: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1234',
  claims: {
    sub: 'u1',
    aud: '4pq2demo0client0id0000001',
    iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1234',
  },
  identityId: ME,
};
const requests = [
  {
    id: 'scan',
    identity: user,
    action: 'dynamodb:Scan',
    resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes',
  },
  {
    id: 'tag',
    identity: user,
    action: 's3:GetObjectTagging',
    resource: `arn:aws:s3:::demo-app-user-files/private/${ME}/a.jpg`,
  },
];

describe('rolecall evaluate --fixes', () => {
  it('JSON: a Scan of a per-user table gets the Query advice, a missing own-folder action a checked, per-user fix', async () => {
    const r = await run(
      ['evaluate', '--workspace', 'examples/demo.rolecall.json', '--requests', '-', '--format', 'json', '--fixes'],
      JSON.stringify(requests),
    );
    expect(r.code).toBe(0);
    const [scan, tag] = JSON.parse(r.stdout) as Answer[];
    expect(scan.advice?.fixes).toEqual([]);
    expect(scan.advice?.advice[0]).toMatch(/Use Query with your own partition key/);
    expect(tag.advice?.fixes[0].changes[0].statement.Resource).toBe(
      'arn:aws:s3:::demo-app-user-files/private/${cognito-identity.amazonaws.com:sub}/*',
    );
    expect(tag.advice?.fixes[0].checks.length).toBeGreaterThanOrEqual(3);
  });

  it('the table prints "what to do" and "suggested fix (checked)" lines; without --fixes there is no advice', async () => {
    const r = await run(
      ['evaluate', '--workspace', 'examples/demo.rolecall.json', '--requests', '-', '--fixes'],
      JSON.stringify(requests),
    );
    const flat = r.stdout.replace(/\n +/g, ' ');
    expect(flat).toMatch(/what to do: Notes is keyed per user/);
    expect(flat).toMatch(/suggested fix \(checked\): Add an Allow for s3:GetObjectTagging/);
    const plain = await run(
      ['evaluate', '--workspace', 'examples/demo.rolecall.json', '--requests', '-', '--format', 'json'],
      JSON.stringify(requests),
    );
    expect((JSON.parse(plain.stdout) as Answer[]).every((a) => a.advice === undefined)).toBe(true);
  });
});

describe('typos get "did you mean" (issue #16)', () => {
  it('a misspelt command names the closest command; a misspelt flag the closest flag; both exit 2', async () => {
    const cmd = await run(['evalute']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toContain('did you mean "evaluate"?');
    const flag = await run([
      'evaluate',
      '--workspce',
      'examples/demo.rolecall.json',
      '--requests',
      'examples/requests.json',
    ]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('did you mean --workspace?');
    const far = await run(['evaluate', '--zzzzzzzz']);
    expect(far.stderr).not.toContain('did you mean');
  });
});
