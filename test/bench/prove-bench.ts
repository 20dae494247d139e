/**
 * Prove times (issue 14): each question of a reviewer on the demo workspace, and the same on a 200-role workspace (the
 * demo with 200 more roles like AppUser, each reached by its own role-mapping rule on custom:team) — plus the whole
 * cross-user isolation check. Best and median of a few runs, with the load average (the machine is shared): figures,
 * never assertions. Targets: each question on the demo < 0.5 s, on the 200-role workspace < 5 s (an action pattern
 * such as s3:* is one question per action it matches, and is timed once, on the demo). Each run is a fresh question
 * (each run prepares the workspace afresh, untimed, so nothing is remembered between runs). `node bin/run-ts.cjs test/bench/prove-bench.ts` prints these figures alone.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { prepareWorkspace, type PreparedWorkspace } from '../../policy-engine/evaluate/prepare';
import { checkIsolation, prove } from '../../policy-engine/prove/index';
import type { Workspace } from '../../policy-engine/model/workspace';

const now = new Date('2026-11-27T12:00:00Z');
const OTHER = 'us-east-1:0e0e0e0e-0000-4000-8000-00000000b0b0';

function demo(): Workspace {
  return JSON.parse(readFileSync('examples/demo.rolecall.json', 'utf8')) as Workspace;
}

/** The demo with `n` more roles like AppUser, each given by a rule of the user pool's role mapping. */
function withRoles(n: number): Workspace {
  const w = demo();
  const roles = w.iam!.RoleDetailList!;
  const user = roles.find((r) => r.RoleName === 'AppUser')!;
  const pool = w.identityPools![0];
  const mapping = Object.values(pool.RoleMappings!)[0] as { RulesConfiguration: { Rules: unknown[] } };
  for (let i = 0; i < n; i++) {
    const name = `AppTeam${i}`;
    const arn = `arn:aws:iam::123456789012:role/${name}`;
    roles.push({ ...JSON.parse(JSON.stringify(user)), RoleName: name, Arn: arn, RoleId: `AROAT${i}` });
    mapping.RulesConfiguration.Rules.push({ Claim: 'custom:team', MatchType: 'Equals', Value: `t${i}`, RoleARN: arn });
  }
  return w;
}

const QUESTIONS: { label: string; action: string; resource: string; context?: Record<string, string[]> }[] = [
  {
    label: 'anyone PutObject bucket/*        ',
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::demo-app-user-files/*',
  },
  {
    label: "anyone GetObject another's folder",
    action: 's3:GetObject',
    resource: `arn:aws:s3:::demo-app-user-files/private/${OTHER}/*`,
  },
  {
    label: "anyone GetItem another's items   ",
    action: 'dynamodb:GetItem',
    resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/Notes',
    context: { 'dynamodb:LeadingKeys': [OTHER] },
  },
  { label: 'anyone DeleteBucket *            ', action: 's3:DeleteBucket', resource: '*' },
  { label: 'anyone s3:* on *                 ', action: 's3:*', resource: '*' },
];

/** Times `f` on a freshly prepared workspace each run (preparing is not timed), so no run reuses another's work. */
function time(label: string, runs: number, prepare: () => PreparedWorkspace, f: (pw: PreparedWorkspace) => void): void {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const pw = prepare();
    const t = performance.now();
    f(pw);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  process.stdout.write(
    `${label}: best ${(ms[0] / 1000).toFixed(3)} s, median ${(ms[Math.floor(ms.length / 2)] / 1000).toFixed(3)} s over ${runs} runs; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
}

function questions(name: string, ws: Workspace, runs: number, patterns: boolean): void {
  const prepare = () => prepareWorkspace(ws);
  for (const q of QUESTIONS) {
    // An action pattern (s3:*) is one question per action it matches (~150): once on the demo only.
    if (q.action.includes('*') && !patterns) continue;
    time(`prove ${name}: ${q.label}`, q.action.includes('*') ? 1 : runs, prepare, (pw) => {
      prove(
        pw,
        {
          action: q.action,
          resource: q.resource,
          ...(q.context ? { context: q.context } : {}),
          excludeIdentityIds: [OTHER],
        },
        { now },
      );
    });
  }
  time(`prove ${name}: cross-user isolation (all stores)`, runs, prepare, (pw) => {
    checkIsolation(pw, { now });
  });
}

/** Runs the prove benchmark. */
export function runProveBench(): void {
  questions('demo    ', demo(), 5, true);
  questions('200 roles', withRoles(200), 3, false);
}

// Run directly: the prove figures only.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runProveBench();
