import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { runDiff } from '../../../cli/commands/diff';
import { runCaptured } from './run-captured';

const root = resolve(__dirname, '../../..');
const now = new Date('2026-11-01T00:00:00Z');
const DEMO = 'examples/demo.rolecall.json';
/** The demo with ReadWriteOwnFolder widened from private/${cognito-identity.amazonaws.com:sub}/* to private/*. */
const WIDENED = 'test/fixtures/cli/demo-private-widened.rolecall.json';
const run = (args: string[]) => runCaptured(runDiff, args, { cwd: root, now });

// https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html — the identity id scopes each user's folder.
describe('rolecall diff: cross-user isolation and --prove', () => {
  it('reports widening private/${sub}/* to private/* as an isolation break instead of "No decision changes"', async () => {
    const r = await run(['--before', DEMO, '--after', WIDENED, '--service', 's3']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('No decision changes');
    expect(r.stdout).toMatch(/^This change breaks cross-user isolation: users of /);
    expect(r.stdout).toContain('Cross-user isolation broken:');
  });

  it('--prove lists new access per identity class with witnesses the before workspace does not allow', async () => {
    const r = await run(['--before', DEMO, '--after', WIDENED, '--service', 's3', '--prove', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      isolation: { broken: unknown[] };
      newAccess: { newAccess: { action: string; before: string; witness: { answer: { decision: string } } }[] };
    };
    expect(out.isolation.broken.length).toBe(2);
    const actions = new Set(out.newAccess.newAccess.map((n) => n.action));
    expect(actions).toEqual(new Set(['s3:GetObject', 's3:PutObject', 's3:DeleteObject']));
    for (const n of out.newAccess.newAccess) {
      expect(n.witness.answer.decision).toBe('allowed');
      expect(n.before).not.toBe('allowed');
    }
  });

  it('--prove proves an unchanged workspace gains nothing: pairs allowed in both are searched, not compared by witness', async () => {
    const r = await run(['--before', DEMO, '--after', DEMO, '--service', 's3', '--prove', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      newAccess: {
        newAccess: unknown[];
        complete: boolean;
        comparedByWitness: unknown[];
        provedNoGain: { action: string; who: string }[];
      };
    };
    expect(out.newAccess).toMatchObject({ newAccess: [], complete: true, comparedByWitness: [] });
    // Guests read public objects in both versions: proved to gain nothing, not merely "the same witness".
    expect(out.newAccess.provedNoGain).toContainEqual({
      action: 's3:GetObject',
      who: expect.stringMatching(/^guests of pool/),
    });
  });
});
