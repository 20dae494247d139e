/**
 * `rolecall resolve --workspace W --identity I`: the role-resolution part alone for one identity (CONTRACT.md §4).
 */
import { UsageError, readJsonArgument, type Io } from '../io';
import { checkIdentity, formatJsonPath } from '../../policy-engine/index';
import { resolveIdentity } from '../../policy-engine/cognito/index';
import { roleChains } from '../../policy-engine/analysis/index';
import {
  chainNames,
  formatOption,
  loadPreparedWorkspace,
  nowOption,
  parseCommand,
  printJson,
  requireOption,
} from './shared';

const help = `Usage: rolecall resolve --workspace W --identity I [--format json|table] [--now ISO-TIME]

I is an identity object (docs/formats.md §2 "identity"): inline JSON or a path to a JSON file.
Prints which role Cognito would give it, how (rule, token, default, …), the trust-policy check, and the trace.
Then the roles its session reaches by role chaining (sts:AssumeRole hop by hop), each chain by role names (an IAM
user as "user NAME"); a role the workspace does not hold "leaves the workspace", with its ARN. JSON keeps ARNs.
`;

/** Runs `rolecall resolve`. */
export async function runResolve(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommand(argv, io, help, {
    workspace: { type: 'string', short: 'w' },
    identity: { type: 'string', short: 'i' },
    format: { type: 'string' },
    now: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed) return 0;
  const { values } = parsed;
  const workspaceFile = requireOption(values.workspace, 'workspace');
  const identityArg = requireOption(values.identity, 'identity');
  const format = formatOption(values.format, ['json', 'table'], 'table');
  const now = nowOption(values.now, io);
  const { pw } = await loadPreparedWorkspace(io, workspaceFile, { provenance: true });
  const raw = await readJsonArgument(io, identityArg, '--identity');
  const checked = checkIdentity(raw);
  if (!checked.ok)
    throw new UsageError(`--identity: ${formatJsonPath(checked.path) || '(identity)'}: ${checked.message}`);
  const r = resolveIdentity(pw, checked.identity, { now, explain: true });
  if (r.inputError) throw new UsageError(`--identity: ${formatJsonPath(r.inputError.path)}: ${r.inputError.message}`);
  // Role chaining: the roles this identity's session can go on to assume (issue 11).
  const chains =
    r.roleArn && r.principal && pw.roles.has(r.roleArn)
      ? roleChains(pw, r.roleArn, {
          now,
          sessionName: r.principal.sessionName ?? 'CognitoIdentityCredentials',
          // The identity's own session: a guest's carries Cognito's scope-down session policies (no sts:*).
          first: r.principal,
        })
      : null;
  const out = {
    roleArn: r.roleArn,
    principalArn: r.principal?.arn ?? null,
    identityId: r.identityId,
    ...(r.token ? { token: r.token } : {}),
    resolution: r.resolution,
    sessionContext: r.principal?.context ?? null,
    sessionTags: r.principal?.sessionTags ?? null,
    sessionPolicies: (r.principal?.sessionPolicies ?? []).map((p) => p.policyId),
    basicFlowRoles: r.basicFlowRoles,
    chains: chains ? { reached: chains.reached, truncated: chains.truncated } : null,
    assumptions: [...r.assumptions, ...(chains?.assumptions ?? [])],
    notes: r.notes,
  };
  if (format === 'json') {
    printJson(io, out);
    return 0;
  }
  const lines: string[] = [];
  lines.push(
    `outcome:   ${r.resolution.outcome}${r.resolution.source ? ` (${r.resolution.source}${r.resolution.ruleIndex !== undefined ? ` #${r.resolution.ruleIndex}` : ''})` : ''}`,
  );
  lines.push(`role:      ${r.roleArn ?? '(none)'}`);
  lines.push(`trust:     ${r.resolution.trust}`);
  if (r.principal) lines.push(`session:   ${r.principal.arn}`);
  lines.push(`identity:  ${r.identityId}`);
  if (r.token) lines.push(`token:     ${JSON.stringify(r.token)}`);
  if (r.resolution.error) lines.push(`error:     ${r.resolution.error.code}: ${r.resolution.error.message}`);
  if (r.resolution.trace?.length) {
    lines.push('', 'trace:');
    for (const step of r.resolution.trace) lines.push(`  [${step.status}] ${step.message}`);
  }
  if (r.principal?.context) {
    lines.push('', 'session context:');
    for (const [k, v] of Object.entries(r.principal.context)) lines.push(`  ${k} = ${JSON.stringify(v)}`);
  }
  for (const b of r.basicFlowRoles ?? []) lines.push(`basic flow could reach: ${b.roleArn} (trust ${b.trust})`);
  if (chains) {
    lines.push(
      '',
      chains.reached.length ? 'reachable by role chaining (sts:AssumeRole):' : 'reachable by role chaining: none',
    );
    for (const c of chains.reached)
      lines.push(
        `  ${chainNames(c.chain)}${c.leavesWorkspace ? `  (leaves the workspace: ${c.roleArn} is not in it)` : ''}`,
      );
    if (chains.truncated) lines.push('  (stopped at 5 hops; longer chains may exist)');
  }
  for (const a of out.assumptions) lines.push(`assumption (${a.id}): ${a.text}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  io.stdout(lines.join('\n') + '\n');
  return 0;
}
