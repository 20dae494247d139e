/**
 * The matrix benchmark (`npm run bench`): the standard matrix (10 roles, every S3 and DynamoDB action × 20 resources
 * an app's matrix shows) and a large variant (200 roles × 50 resources) to show cost grows linearly. It prints
 * evaluations/s over all cells and policy evaluations/s over the applicable cells (the ones that get past the
 * resource-type check), plus fastDecision() one request at a time.
 * Target: ≥ 500,000 applicable-cell evaluations/s warm on one core. A benchmark, not a test: nothing asserts on time.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { actionsOf, loadCatalog } from '../../policy-engine/catalog';
import { buildMatrix } from '../../policy-engine/analysis/principal-matrix';
import { fastDecision } from '../../policy-engine/evaluate/index';
import { prepareWorkspace, type PreparedWorkspace } from '../../policy-engine/evaluate/prepare';
import type { CallerPrincipal } from '../../policy-engine/evaluate/types';
import { benchResources, benchWorkspace } from './workspace';
import { runImportBench } from './import-bench';
import { runProveBench } from './prove-bench';
import { runAppBench } from './app-bench';
import { allRoleChains } from '../../policy-engine/analysis/role-chains';
import type { Workspace } from '../../policy-engine/model/workspace';

const catalog = loadCatalog();
const actions = [...actionsOf(catalog, 's3'), ...actionsOf(catalog, 'dynamodb')].map((a) => a.fullName);
const now = new Date('2026-11-27T12:00:00Z');

function principals(pw: PreparedWorkspace): CallerPrincipal[] {
  return [...pw.roles.values()].map((r, i) => ({
    kind: 'roleSession',
    arn: `arn:aws:sts::${r.accountId}:assumed-role/${r.name}/CognitoIdentityCredentials`,
    accountId: r.accountId,
    roleArn: r.arn,
    sessionName: 'CognitoIdentityCredentials',
    context: {
      'cognito-identity.amazonaws.com:sub': `us-east-1:0000000${i}-aaaa-bbbb-cccc-dddddddddddd`,
      'aws:SecureTransport': 'true',
      'dynamodb:LeadingKeys': [`us-east-1:0000000${i}-aaaa-bbbb-cccc-dddddddddddd`],
    },
  }));
}

function run(label: string, roles: number, resourceCount: number, rounds: number): number {
  const t0 = performance.now();
  const pw = prepareWorkspace(benchWorkspace(roles), { catalog });
  const prepareMs = performance.now() - t0;
  const ps = principals(pw);
  const resources = benchResources(resourceCount);
  const full = () => {
    let cells = 0;
    for (const p of ps) cells += buildMatrix(pw, p, actions, resources, { now }).length * resources.length;
    return cells;
  };
  const counts: Record<string, number> = {};
  for (const p of ps)
    for (const row of buildMatrix(pw, p, actions, resources, { now }))
      for (const d of row) counts[d] = (counts[d] ?? 0) + 1;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  // Only the applicable cells run the policy evaluation; a notApplicable cell stops at the resource-type check.
  const applicable = total - (counts.notApplicable ?? 0);
  process.stdout.write(
    `${label}: decisions ${JSON.stringify(counts)}; ${applicable} of ${total} cells applicable (${((100 * applicable) / total).toFixed(1)}%)\n`,
  );
  for (let i = 0; i < 3; i++) full(); // warm up (JIT, per-action statement caches)
  let cells = 0;
  const t1 = performance.now();
  for (let i = 0; i < rounds; i++) cells += full();
  const ms = performance.now() - t1;
  const perMatrix = ms / rounds;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  process.stdout.write(
    `${label}: ${roles} roles × ${actions.length} actions × ${resources.length} resources; prepare ${prepareMs.toFixed(1)} ms; ` +
      `${perMatrix.toFixed(2)} ms per full matrix\n` +
      `  evaluations/s over all cells:                 ${fmt((cells / ms) * 1000)}\n` +
      `  policy evaluations/s over applicable cells:   ${fmt(((applicable * rounds) / ms) * 1000)} (whole matrix time charged to the applicable cells)\n`,
  );
  return perMatrix / (cells / rounds);
}

/**
 * fastDecision() alone on the applicable cells of the standard matrix (one request at a time, as `rolecall evaluate`
 * without explanations would): the per-request cost including building the subject.
 */
function runDecide(rounds: number): void {
  const pw = prepareWorkspace(benchWorkspace(10), { catalog });
  const ps = principals(pw);
  const resources = benchResources(20);
  const cells: { p: CallerPrincipal; action: string; resource: string }[] = [];
  for (const p of ps) {
    const resolved = resources.map((r) =>
      r.replace('${cognito-identity.amazonaws.com:sub}', String(p.context?.['cognito-identity.amazonaws.com:sub'])),
    );
    for (const action of actions)
      for (const resource of resolved)
        if (fastDecision(pw, p, { action, resource }, { now }) !== 'notApplicable') cells.push({ p, action, resource });
  }
  const once = () => {
    let allowed = 0;
    for (const c of cells)
      if (fastDecision(pw, c.p, { action: c.action, resource: c.resource }, { now }) === 'allowed') allowed++;
    return allowed;
  };
  for (let i = 0; i < 3; i++) once();
  const t = performance.now();
  for (let i = 0; i < rounds; i++) once();
  const ms = performance.now() - t;
  process.stdout.write(
    `fastDecision() per request:  ${Math.round(((cells.length * rounds) / ms) * 1000).toLocaleString('en-US')} decisions/s over ${cells.length} applicable cells\n`,
  );
}

const small = run('standard matrix', 10, 20, 30);
const large = run('large matrix   ', 200, 50, 3);
runDecide(5);
process.stdout.write(
  `cost per evaluation, large / standard: ${(large / small).toFixed(2)} (≈1 means cost grows linearly with roles × resources)\n`,
);

/**
 * Role chaining (issue 11): 200 roles, each allowed to assume the next and the seventh next and trusting the account,
 * so chains branch and wrap round (cycles). The figure: the chains of depth ≤ 5 from every one of the 200 roles, as
 * the matrix, who-can and the findings need them, on a freshly prepared workspace each time (nothing memoised from an
 * earlier run; preparing the workspace is not counted). A second workspace whose roles allow sts:AssumeRole on "*"
 * shows the case the exact-ARN shortcut cannot serve (every role's trust is decided). Target: < 50 ms for all 200.
 */
function chainWorkspace(n: number, wildcard: boolean): Workspace {
  const A = '111122223333';
  const arn = (i: number) => `arn:aws:iam::${A}:role/chain-${i % n}`;
  return {
    format: 'rolecall-workspace',
    version: 1,
    accountId: A,
    iam: {
      RoleDetailList: Array.from({ length: n }, (_, i) => ({
        RoleName: `chain-${i}`,
        Arn: arn(i),
        RolePolicyList: [
          {
            PolicyName: 'hop',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: wildcard ? '*' : [arn(i + 1), arn(i + 7)] },
              ],
            },
          },
        ],
        // With Resource "*", the trust policies decide: each role trusts the next role and the seventh next.
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: wildcard ? [arn(i + n - 1), arn(i + n - 7)] : `arn:aws:iam::${A}:root` },
              Action: 'sts:AssumeRole',
            },
          ],
        },
      })),
    },
  };
}

function runChains(label: string, wildcard: boolean, rounds: number): void {
  const n = 200;
  const ws = chainWorkspace(n, wildcard);
  const times: number[] = [];
  let reached = 0;
  let truncated = 0;
  const warm = 3; // the first runs warm the JIT
  for (let r = 0; r < rounds + warm; r++) {
    const pw = prepareWorkspace(ws, { catalog });
    const t = performance.now();
    const all = allRoleChains(pw, { now, maxDepth: 5 });
    const ms = performance.now() - t;
    if (r >= warm) times.push(ms);
    reached = [...all.values()].reduce((s, c) => s + c.reached.length, 0);
    truncated = [...all.values()].filter((c) => c.truncated).length;
  }
  times.sort((x, y) => x - y);
  process.stdout.write(
    `role chains, depth 5 across ${n} roles (${label}): ${times[0].toFixed(1)} ms best, ${times[times.length >> 1].toFixed(1)} ms median for the chains from all ${n} roles (${reached} role reaches, ${truncated} cut at depth 5; target < 50 ms; load ${loadavg()[0].toFixed(1)})\n`,
  );
}
runChains('exact ARNs', false, 7);
runChains('Resource "*"', true, 7);

/**
 * The CLI as a user runs it (issue 15): `rolecall --help` start-up, the standard 10-role matrix and the 200-role ×
 * 259-action × 50-resource matrix as one `rolecall matrix --all-roles --format json` call through bin/rolecall.cjs,
 * the whole JSON written to a file, and `rolecall audit` of a 6,000-role workspace (wall time and peak RSS). Each is
 * the best and the median of a few runs, printed with the machine's load average (this machine is shared): figures,
 * never assertions. Targets: start-up < 0.35 s, 200-role matrix ≤ 1.15 s, 10-role matrix ≤ 0.5 s, audit ≤ 5 s and
 * ≤ 400 MB.
 */
function runCli(): void {
  const dir = mkdtempSync(join(tmpdir(), 'rolecall-bench-'));
  const bin = resolvePath('bin/rolecall.cjs');
  try {
    const ws10 = join(dir, 'ws10.rolecall.json');
    const ws200 = join(dir, 'ws200.rolecall.json');
    const ws6000 = join(dir, 'ws6000.rolecall.json');
    writeFileSync(ws10, JSON.stringify(benchWorkspace(10), null, 2));
    writeFileSync(ws200, JSON.stringify({ ...benchWorkspace(200), resources: benchResources(50) }, null, 2));
    writeFileSync(ws6000, JSON.stringify(benchWorkspace(6000), null, 2));
    spawnSync(process.execPath, [bin, '--help']); // rebuilds a stale bundle, outside the timings
    const haveTime = existsSync('/usr/bin/time');
    const time = (label: string, args: string[], runs: number) => {
      const walls: number[] = [];
      let rss = 0;
      let bytes = 0;
      for (let i = 0; i < runs; i++) {
        const out = join(dir, 'out');
        const fd = openSync(out, 'w');
        const cmd = haveTime ? '/usr/bin/time' : process.execPath;
        const argv = haveTime ? ['-f', '%M', process.execPath, bin, ...args] : [bin, ...args];
        const t = performance.now();
        const r = spawnSync(cmd, argv, { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
        walls.push((performance.now() - t) / 1000);
        closeSync(fd);
        bytes = statSync(out).size;
        if (haveTime) rss = Math.max(rss, Number(/(\d+)\s*$/.exec(r.stderr)?.[1] ?? 0) / 1024);
      }
      walls.sort((a, b) => a - b);
      process.stdout.write(
        `${label}: best ${walls[0].toFixed(3)} s, median ${walls[Math.floor(walls.length / 2)].toFixed(3)} s wall over ${runs} runs` +
          `${haveTime ? `, peak RSS ${rss.toFixed(0)} MB` : ''}, ${(bytes / 1048576).toFixed(1)} MB written; load average ${loadavg()
            .map((l) => l.toFixed(2))
            .join(' ')} on ${availableParallelism()} cores\n`,
      );
    };
    time('cli: rolecall --help                   ', ['--help'], 7);
    time(
      'cli: matrix 10 roles × 20 resources    ',
      ['matrix', '--workspace', ws10, '--all-roles', '--format', 'json'],
      5,
    );
    time(
      'cli: matrix 200 roles × 50 resources   ',
      ['matrix', '--workspace', ws200, '--all-roles', '--format', 'json'],
      5,
    );
    time('cli: audit 6,000 roles                 ', ['audit', '--workspace', ws6000, '--format', 'json'], 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runCli();

runImportBench();

runProveBench();

// The app with a 6,000-role workspace in Chromium (load and tab-switch times); last, as it is asynchronous.
await runAppBench();
