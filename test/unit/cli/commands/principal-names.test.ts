/**
 * Every command names principals in its tables and chain lists the same way (principalNameOf: a role by its name, an IAM
 * user as "user NAME"), and JSON and CSV keep the full ARNs. The outputs below were recorded on main before the change
 * (test/fixtures/cli/golden/, the fixture test/fixtures/cli/chains.rolecall.json: a Cognito pool whose roles chain, an
 * IAM user with a path whose chain reaches a role with a path); each output must equal its recording with only the
 * listed chain and name texts replaced, so nothing else changed.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-friendly-names
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEvaluate } from '../../../../cli/commands/evaluate';
import { runMatrix } from '../../../../cli/commands/matrix';
import { runProve } from '../../../../cli/commands/prove';
import { runResolve } from '../../../../cli/commands/resolve';
import { runWhoCan } from '../../../../cli/commands/who-can';
import type { Io } from '../../../../cli/io';
import { runCaptured } from '../run-captured';

const cwd = join(__dirname, '../../../fixtures/cli');
const golden = (file: string) => readFileSync(join(cwd, 'golden', file), 'utf8');
const now = new Date('2026-12-07T08:00:00Z');
const role = (name: string) => `arn:aws:iam::111122223333:role/${name}`;
const DEV = 'arn:aws:iam::111122223333:user/team/Dev';
const GUEST = JSON.stringify({ identityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555' });
const W = ['--workspace', 'chains.rolecall.json'];
const PUT = ['--action', 's3:PutObject', '--resource', 'arn:aws:s3:::app-files/a.txt'];
const SUBJECTS = [
  '--principal',
  DEV,
  '--principal',
  role('Auth'),
  '--principal',
  role('Deployer'),
  '--identity',
  GUEST,
];

type Command = (argv: string[], io: Io) => Promise<number>;
const runs: [file: string, command: Command, args: string[], renamed: [before: string, after: string][]][] = [
  // who-can named chains this way already: unchanged.
  ['who-can.txt', runWhoCan, [...W, ...PUT], []],
  ['who-can.json', runWhoCan, [...W, ...PUT, '--format', 'json'], []],
  [
    'matrix.txt',
    runMatrix,
    [...W, ...SUBJECTS, '--service', 's3'],
    [
      [`${DEV} → ${role('Deployer')} → ${role('ops/Writer')}:`, 'user Dev → Deployer → Writer:'],
      [`${role('Auth')} → ${role('ops/Writer')}:`, 'Auth → Writer:'],
      [`${role('Auth')} → ${role('Elsewhere')} leaves`, 'Auth → Elsewhere leaves'],
      [`${role('Deployer')} → ${role('ops/Writer')}:`, 'Deployer → Writer:'],
      [`${role('Guest')} → ${role('Reader')}:`, 'Guest → Reader:'],
    ],
  ],
  ['matrix.csv', runMatrix, [...W, ...SUBJECTS, '--service', 's3', '--format', 'csv'], []],
  ['matrix.json', runMatrix, [...W, ...SUBJECTS, '--service', 's3', '--format', 'json'], []],
  [
    'resolve.txt',
    runResolve,
    [...W, '--identity', GUEST],
    [[`  ${role('Guest')} → ${role('Reader')}\n`, '  Guest → Reader\n']],
  ],
  ['resolve.json', runResolve, [...W, '--identity', GUEST, '--format', 'json'], []],
  [
    'prove.txt',
    runProve,
    [...W, ...PUT],
    [
      [
        `policies):\n    ${role('Guest')} → ${role('Reader')}. \`rolecall who-can\` lists the paths\n    through chains.`,
        'policies): Guest\n    → Reader. `rolecall who-can` lists the paths through chains.',
      ],
    ],
  ],
  [
    'evaluate.txt',
    runEvaluate,
    [...W, '--requests', 'chains.requests.json'],
    [
      ['  ---------------------------------------\n', '  --------\n'],
      [`app-files/a.txt  ${DEV}\n`, 'app-files/a.txt  user Dev\n'],
    ],
  ],
];

describe('principals are named alike in every command; nothing else changed', () => {
  it.each(runs)('%s', async (file, command, args, renamed) => {
    const r = await runCaptured(command, args, { cwd, now });
    expect(r.code, r.stderr).toBe(0);
    let expected = golden(file);
    for (const [before, after] of renamed) {
      expect(expected, `the recording has ${JSON.stringify(before)}`).toContain(before);
      expected = expected.split(before).join(after);
    }
    expect(r.stdout).toBe(expected);
  });

  it('no table or chain list names a principal by its ARN where a name is meant', async () => {
    const text = (await runCaptured(runMatrix, [...W, ...SUBJECTS, '--service', 's3'], { cwd, now })).stdout;
    const chainLines = text.split('\n').filter((l) => l.includes('⇢ through the role chain'));
    expect(chainLines.length).toBe(4);
    for (const l of chainLines) expect(l).not.toContain('arn:');
  });
});
