/**
 * The matrix benchmark (`npm run bench`): prints evaluations per second for the standard matrix (10 roles, every S3
 * and DynamoDB action × 20 resources), and for a large variant (200 roles × 50 resources) to show cost grows linearly.
 * Target: ≥ 500,000 evaluations/s on one core. A benchmark, not a test: nothing here asserts on time.
 */
import { actionsOf, loadCatalog } from '../../policy-engine/catalog';
import { buildMatrix } from '../../policy-engine/analysis/matrix';
import { prepareWorkspace, type PreparedWorkspace } from '../../policy-engine/evaluate/prepare';
import type { CallerPrincipal } from '../../policy-engine/evaluate/types';
import { benchResources, benchWorkspace } from './workspace';

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
  // Most cells are notApplicable (the action has no resource type the ARN fits); the decided share is printed too.
  for (const p of ps) for (const row of buildMatrix(pw, p, actions, resources, { now })) for (const d of row) counts[d] = (counts[d] ?? 0) + 1;
  process.stdout.write(`${label}: decisions ${JSON.stringify(counts)}\n`);
  for (let i = 0; i < 3; i++) full(); // warm up (JIT, per-action statement caches)
  let cells = 0;
  const t1 = performance.now();
  for (let i = 0; i < rounds; i++) cells += full();
  const ms = performance.now() - t1;
  const perMatrix = ms / rounds;
  const evalsPerSec = (cells / ms) * 1000;
  const decided = (cells / rounds) - (counts.notApplicable ?? 0);
  process.stdout.write(
    `${label}: ${roles} roles × ${actions.length} actions × ${resources.length} resources = ${cells / rounds} evaluations; ` +
      `prepare ${prepareMs.toFixed(1)} ms; ${perMatrix.toFixed(2)} ms per full matrix; ${Math.round(evalsPerSec).toLocaleString('en-US')} evaluations/s ` +
      `(${decided} cells decided past the resource-type check)\n`,
  );
  return perMatrix / (cells / rounds);
}

const small = run('standard matrix', 10, 20, 30);
const large = run('large matrix   ', 200, 50, 3);
process.stdout.write(`cost per evaluation, large / standard: ${(large / small).toFixed(2)} (≈1 means cost grows linearly with roles × resources)\n`);
