/**
 * `rolecall who-can --workspace W --action A --resource R`: every way to reach one action on one resource — each
 * pool's guests, each provider's users per role-mapping rule (with the claim condition that leads there) and those who
 * match no rule, the basic flow's role choices, each IAM role and user — with the decision, the role, the statements
 * that decided and, for a per-user resource, which identity ids get it.
 */
import { UsageError, TABLE_WIDTH, readJsonArgument, table, wrapIndented as wrapped, type Io } from '../io';
import type { RequestContext } from '../../policy-engine/model/index';
import { whoCan, type WhoCanPath, type WhoCanResult } from '../../policy-engine/analysis/index';
import { checkActionResource } from '../../policy-engine/evaluate/index';
import {
  formatOption,
  loadPreparedWorkspace,
  nowOption,
  parseCommand,
  printJson,
  requireOption,
  principalNameOf,
  chainNames,
  statementText,
} from './shared';

const help = `Usage: rolecall who-can --workspace W --action A --resource R [--format table|json]
                        [--context C] [--identity-id ID] [--identities-only] [--now ISO-TIME]

Every way to perform action A on resource R: guests, each provider's users per role-mapping rule (with the claim
condition that leads there), users who match no rule, basic-flow role choices, and each IAM role and user — with the
decision, the role, and the statements that decided, and the role chains (sts:AssumeRole hop by hop) through which
a path reaches the action. For a per-user resource (an identity id in R, or
\${cognito-identity.amazonaws.com:sub}) each Cognito path says whether only the owner, everyone or no one gets it.
  --context C        extra request context for every path (inline JSON or a file), e.g. {"s3:prefix":"public/"}
  --identity-id ID   the identity id (cognito-identity.amazonaws.com:sub) the Cognito identities have
  --identities-only  leave out IAM roles and users as principals
`;

/** Checks a request context: an object of strings or arrays of strings (SimulatePrincipalPolicy's ContextEntry). */
function checkContext(raw: unknown): RequestContext {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new UsageError('--context must be a JSON object of context keys');
  const out: RequestContext = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype')
      throw new UsageError(`--context: the key "${k}" is not allowed`);
    if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else throw new UsageError(`--context: ${JSON.stringify(k)} must be a string or an array of strings`);
  }
  return out;
}

/** One path as JSON: who, how, the decision and why. */
function pathJson(p: WhoCanPath) {
  const c = p.identityClass;
  return {
    who: c.label,
    kind: c.kind,
    key: c.key,
    ...(c.identityPoolId ? { identityPoolId: c.identityPoolId } : {}),
    ...(c.provider ? { provider: c.provider } : {}),
    ...(c.ruleIndex !== undefined ? { ruleIndex: c.ruleIndex } : {}),
    ...(c.condition ? { condition: c.condition } : {}),
    ...(c.flow ? { flow: c.flow } : {}),
    ...(c.subject.identity ? { identity: c.subject.identity } : { principal: c.subject.principal }),
    decision: p.decision,
    roleArn: p.roleArn,
    principalArn: p.principalArn,
    ...(p.identityId ? { identityId: p.identityId } : {}),
    ...(p.resolution ? { resolution: p.resolution } : {}),
    matchedStatements: p.matchedStatements,
    message: p.message,
    assumptions: p.assumptions,
    ...(p.perUser ? { perUser: p.perUser } : {}),
    ...(p.note ? { note: p.note } : {}),
    ...(p.chains ? { chains: p.chains } : {}),
  };
}

/** Why a path got its decision: the deciding statements, or AWS's words for the deny or the refused login. */
function whyText(p: WhoCanPath, workspaceFile?: string): string {
  if (p.decision === 'allowed' || p.decision === 'explicitDeny') {
    const wanted = p.decision === 'allowed' ? 'Allow' : 'Deny';
    const deciding = p.matchedStatements
      .filter((m) => m.policyType !== 'trust' && m.effect === wanted)
      .map((m) => statementText(m, workspaceFile))
      .join('; ');
    if (deciding) return deciding;
  }
  return p.message ?? p.resolution?.error?.message ?? '';
}

/**
 * The result as a table that fits `width` columns (number, decision, role name, who — the who wraps), then each path's
 * why (deciding statements or AWS's words), which identities get a per-user resource, and notes as indented lines;
 * then the notes, assumptions and a summary.
 */
function renderWhoCan(r: WhoCanResult, workspaceFile?: string, width = TABLE_WIDTH): string {
  const rows = r.paths.map((p, i) => [
    String(i + 1),
    p.decision,
    p.roleArn ? principalNameOf(p.roleArn) : '(none)',
    p.identityClass.label + (p.note ? ' [never applies]' : ''),
  ]);
  const ctx = r.context
    ? ` with ${Object.entries(r.context)
        .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
        .join(', ')} (the owner's item)`
    : '';
  const lines = [
    ...wrapped(
      `who can ${r.action} on ${r.resource}${r.evaluatedResource ? ` (evaluated as ${r.evaluatedResource})` : ''}${ctx}`,
      '',
      '  ',
      width,
    ),
    '',
  ];
  lines.push(table(['#', 'decision', 'role', 'who'], rows, { maxWidth: width, shrink: [2] }).trimEnd(), '');
  r.paths.forEach((p, i) => {
    lines.push(`${i + 1}. ${p.decision}${p.roleArn ? ` as ${p.roleArn}` : ''}`);
    const why = whyText(p, workspaceFile);
    if (why) lines.push(...wrapped(why, '   why: ', '        ', width));
    if (p.perUser) lines.push(...wrapped(p.perUser.summary, '   which identities: ', '     ', width));
    if (p.note) lines.push(...wrapped(p.note, '   note: ', '     ', width));
    for (const c of p.chains ?? []) {
      const chain = chainNames(c.chain);
      if (c.leavesWorkspace)
        lines.push(
          ...wrapped(
            `${chain}: leaves the workspace (${c.roleArn} is not in it; what it may do is unknown)`,
            '   through a role chain: ',
            '     ',
            width,
          ),
        );
      else {
        const why = c.matchedStatements
          .filter((m) => m.policyType !== 'trust' && m.effect === 'Allow')
          .map((m) => statementText(m, workspaceFile))
          .join('; ');
        lines.push(
          ...wrapped(`${chain}: allowed${why ? ` by ${why}` : ''}`, '   through a role chain: ', '     ', width),
        );
      }
    }
  });
  if (r.paths.length > 0) lines.push('');
  for (const n of r.notes) lines.push(...wrapped(`note: ${n}`, '', '  ', width));
  const assumptions = [
    ...new Map(
      r.paths
        .flatMap((p) => [...p.assumptions, ...(p.chains ?? []).flatMap((c) => c.assumptions)])
        .map((a) => [a.id, a] as const),
    ).values(),
  ];
  for (const a of assumptions) lines.push(...wrapped(`assumption (${a.id}): ${a.text}`, '', '  ', width));
  const allowed = r.allowed.map((p) => `#${r.paths.indexOf(p) + 1}`).join(', ');
  lines.push(
    '',
    ...wrapped(
      r.allowed.length > 0
        ? `allowed for ${r.allowed.length} of ${r.paths.length} path(s): ${allowed}`
        : `no path of ${r.paths.length} is allowed`,
      '',
      '  ',
      width,
    ),
  );
  if (r.allowedThroughChain.length > 0)
    lines.push(
      ...wrapped(
        `allowed only through a role chain for ${r.allowedThroughChain.length} more path(s): ${r.allowedThroughChain
          .map((p) => `#${r.paths.indexOf(p) + 1}`)
          .join(', ')}`,
        '',
        '  ',
        width,
      ),
    );
  return lines.join('\n') + '\n';
}

/** Runs `rolecall who-can`. */
export async function runWhoCan(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommand(argv, io, help, {
    workspace: { type: 'string', short: 'w' },
    action: { type: 'string', short: 'a' },
    resource: { type: 'string', short: 'r' },
    format: { type: 'string' },
    context: { type: 'string' },
    'identity-id': { type: 'string' },
    'identities-only': { type: 'boolean' },
    now: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed) return 0;
  const { values } = parsed;
  const workspaceFile = requireOption(values.workspace, 'workspace');
  const action = requireOption(values.action, 'action', '(e.g. s3:PutObject)');
  if (!/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(action))
    throw new UsageError(`--action must be SERVICE:Action, got "${action}"`);
  const resource = requireOption(values.resource, 'resource', '(an ARN)');
  if (!resource.startsWith('arn:')) throw new UsageError(`--resource must be an ARN, got "${resource}"`);
  const identityId = values['identity-id'];
  if (identityId !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d:[0-9a-f-]{36}$/.test(identityId))
    throw new UsageError(`--identity-id must be REGION:GUID, got "${identityId}"`);
  const format = formatOption(values.format, ['table', 'json'], 'table');
  const now = nowOption(values.now, io);
  const context =
    values.context !== undefined ? checkContext(await readJsonArgument(io, values.context, '--context')) : undefined;
  const { pw } = await loadPreparedWorkspace(io, workspaceFile, { provenance: true });
  // An unknown action, or a resource the action cannot act on, is bad input (exit 2), as in `evaluate`.
  const problem = checkActionResource(pw, action, resource);
  if (problem && (problem.code === 'UnknownAction' || !resource.includes('${')))
    throw new UsageError(`--action/--resource: ${problem.message}`);
  const r = whoCan(pw, action, resource, {
    now,
    ...(identityId ? { identityId } : {}),
    ...(context ? { context } : {}),
    principals: !values['identities-only'],
  });
  if (format === 'json') {
    printJson(io, {
      action: r.action,
      resource: r.resource,
      ...(r.evaluatedResource ? { evaluatedResource: r.evaluatedResource } : {}),
      ...(r.context ? { context: r.context } : {}),
      paths: r.paths.map(pathJson),
      allowed: r.allowed.map((p) => p.identityClass.key),
      allowedThroughChain: r.allowedThroughChain.map((p) => p.identityClass.key),
      notes: r.notes,
    });
  } else io.stdout(renderWhoCan(r, workspaceFile));
  return 0;
}
