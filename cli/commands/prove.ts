/**
 * `rolecall prove --workspace W --action A --resource R` (CONTRACT §4): over every identity the workspace allows and
 * every request context, can anyone get `allowed`? Either a proof that no request can (`possible: false, complete:
 * true`) or concrete witnesses, each a CONTRACT §2 request that `rolecall evaluate` answers `allowed`.
 */
import { UsageError, TABLE_WIDTH, table, wrapIndented as wrapped, type Io } from '../io';
import {
  chainCaveat,
  checkIsolation,
  prove,
  ProveInputError,
  type IsolationResult,
  type ProveResult,
} from '../../policy-engine/prove/index';
import {
  formatOption,
  loadPreparedWorkspace,
  nowOption,
  parseCommand,
  printJson,
  requireOption,
  principalNameOf,
  statementText,
} from './shared';

const help = `Usage: rolecall prove --workspace W --action A --resource R [--format table|json] [--timeout SECONDS]
                      [--witnesses N] [--now ISO-TIME]
       rolecall prove --workspace W --isolation [--format table|json] [--timeout SECONDS]

Can anyone perform action A on a resource matching R? Over every way into the workspace — each pool's guests, each
provider's users with any claims (each role-mapping rule, those who match none, token-mapped roles, CustomRoleArn),
the basic flow with every role its trust policy accepts, and for a user pool the workspace holds anyone who signs up,
the members of each group and users who set a rule's attribute themselves — and any identity id and request context. The answer is a
proof that no request is allowed, or witnesses: concrete requests (provider, claims, identity id, context) that the
normal engine re-checked and answered "allowed". It asks as each identity's own role session and does not follow
role chaining (sts:AssumeRole hops to other roles): when such chains exist the answer says so under the verdict and
lists them (assumption proveNoRoleChaining); "rolecall who-can" shows the paths through chains.
  --action A        an S3, DynamoDB or STS action (a pattern such as s3:Put* stands for each action it matches)
  --resource R      an ARN or an ARN pattern with * and ?; \${cognito-identity.amazonaws.com:sub} is the caller's id
  --timeout S       stop after S seconds (default 30) and answer complete: false with what was covered
  --witnesses N     show at most N witnesses, one per identity class (default 5)
  --isolation       instead: can an identity read or write data that belongs to another identity? For every per-user
                    store (S3 prefixes and DynamoDB tables keyed by the identity id, from the policies, the workspace's
                    resources and perUserTables), each break with a witness of two identity ids
`;

/** The isolation answer as text. */
function renderIsolation(r: IsolationResult): string {
  const lines = [`Per-user stores (${r.stores.length}):`];
  for (const s of r.stores) lines.push(`  ${s.pattern} (found in ${s.foundIn.join(', ')})`);
  const breaks = r.breaks.filter((b) => !b.operator);
  const ops = r.breaks.filter((b) => b.operator);
  lines.push(
    '',
    breaks.length
      ? `ISOLATION BROKEN: ${breaks.length} way(s) to reach another identity's data.`
      : r.complete
        ? 'PROVED ISOLATED: no identity (operators aside) can read or write data that belongs to another identity.'
        : 'NOT DECIDED: no break found, but part of the question was not decided.',
  );
  for (const b of breaks) {
    const w = b.witness.request;
    lines.push(
      `  ${b.who}: ${b.access} with ${b.action}`,
      `    witness: identity ${b.callerId} — ${w.action} on ${w.resource}${w.context ? ` with ${JSON.stringify(w.context)}` : ''} (owner ${b.ownerId}): ${b.witness.answer.decision}`,
    );
  }
  if (ops.length)
    lines.push(
      '',
      `Operator roles by design (cognito:groups rules whose role scopes nothing per user): ${[...new Set(ops.map((b) => b.who))].join('; ')}`,
    );
  for (const u of r.undecided) lines.push(`  not decided: ${u.who}: ${u.why}`);
  return lines.join('\n') + '\n';
}

/** The result as a readable table. */
function render(r: ProveResult): string {
  const lines: string[] = [];
  const verdict = r.possible
    ? `POSSIBLE: ${r.classes.filter((c) => c.outcome === 'allowed').length} identity class(es) can ${r.action} on ${r.resource}.`
    : r.complete
      ? `PROVED IMPOSSIBLE: no identity, with any claims, identity id or request context, can ${r.action} on ${r.resource}.`
      : `NOT DECIDED: no request found that is allowed ${r.action} on ${r.resource}, but part of the question was not decided.`;
  lines.push(verdict);
  const caveat = chainCaveat(r);
  if (caveat) lines.push(...wrapped(caveat, 'note: ', '      ', TABLE_WIDTH));
  lines.push('');
  lines.push(
    table(
      ['outcome', 'role', 'who'],
      r.classes.map((c) => [c.outcome, c.roleArn ? principalNameOf(c.roleArn) : '(none)', c.who]),
      { maxWidth: TABLE_WIDTH, shrink: [1] },
    ).trimEnd(),
  );
  for (const [i, w] of r.witnesses.entries()) {
    lines.push('', `witness ${i + 1}: ${w.who}`);
    const id = w.request.identity;
    if (id) {
      lines.push(
        ...wrapped(
          `identity: pool ${id.identityPoolId}, ${id.user ? `user ${id.user.username} of user pool ${id.user.userPoolId} through app client ${id.user.clientId}` : id.provider ? `provider ${id.provider}` : 'guest'}${id.customRoleArn ? `, CustomRoleArn ${id.customRoleArn}` : ''}${id.flow === 'basic' ? `, basic flow asking for ${id.roleArn}` : ''}, identity id ${id.identityId}`,
          '  ',
          '    ',
          TABLE_WIDTH,
        ),
      );
      if (id.claims && id.provider)
        lines.push(...wrapped(`claims: ${JSON.stringify(id.claims)}`, '  ', '    ', TABLE_WIDTH));
      if (id.user)
        lines.push(
          ...wrapped(
            `user: ${JSON.stringify({ groups: id.user.groups ?? [], attributes: id.user.attributes ?? {} })} (the ID token Cognito would issue)`,
            '  ',
            '    ',
            TABLE_WIDTH,
          ),
        );
    }
    lines.push(
      ...wrapped(
        `request: ${w.request.action} on ${w.request.resource}${w.request.context ? ` with context ${JSON.stringify(w.request.context)}` : ''}`,
        '  ',
        '    ',
        TABLE_WIDTH,
      ),
    );
    lines.push(
      ...wrapped(
        `checked: ${w.answer.decision} as ${w.answer.principalArn} — ${w.answer.matchedStatements.map((m) => statementText(m)).join('; ')}`,
        '  ',
        '    ',
        TABLE_WIDTH,
      ),
    );
  }
  if (r.undecided.length) {
    lines.push('', `not decided (${r.covered.decided} of ${r.covered.total} questions covered):`);
    for (const u of r.undecided) lines.push(...wrapped(`${u.who}: ${u.why}`, '  ', '    ', TABLE_WIDTH));
  }
  if (r.assumptions.length) {
    lines.push('', 'assumptions:');
    for (const a of r.assumptions) lines.push(...wrapped(`${a.id}: ${a.text}`, '  ', '    ', TABLE_WIDTH));
  }
  return lines.join('\n') + '\n';
}

/** Runs `rolecall prove`. */
export async function runProve(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommand(argv, io, help, {
    workspace: { type: 'string' },
    action: { type: 'string' },
    resource: { type: 'string' },
    format: { type: 'string' },
    timeout: { type: 'string' },
    witnesses: { type: 'string' },
    isolation: { type: 'boolean' },
    now: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed) return 0;
  const { values } = parsed;
  const file = requireOption(values.workspace, 'workspace');
  if (values.isolation) {
    const format = formatOption(values.format, ['table', 'json'], 'table');
    const timeout = values.timeout === undefined ? 30 : Number(values.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0)
      throw new UsageError(`--timeout must be a positive number of seconds, got "${values.timeout}"`);
    const now = nowOption(values.now, io);
    const { pw } = await loadPreparedWorkspace(io, file);
    const deadline = Date.now() + timeout * 1000;
    const r = checkIsolation(pw, { now, shouldStop: () => Date.now() > deadline });
    if (format === 'json') printJson(io, r);
    else io.stdout(renderIsolation(r));
    return 0;
  }
  const action = requireOption(values.action, 'action', '(e.g. s3:GetObject)');
  const resource = requireOption(values.resource, 'resource', '(an ARN or ARN pattern, or "*")');
  const format = formatOption(values.format, ['table', 'json'], 'table');
  const timeout = values.timeout === undefined ? 30 : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new UsageError(`--timeout must be a positive number of seconds, got "${values.timeout}"`);
  const maxWitnesses = values.witnesses === undefined ? 5 : Number(values.witnesses);
  if (!Number.isInteger(maxWitnesses) || maxWitnesses < 1)
    throw new UsageError(`--witnesses must be a positive whole number, got "${values.witnesses}"`);
  const now = nowOption(values.now, io);
  const { pw } = await loadPreparedWorkspace(io, file);
  const deadline = Date.now() + timeout * 1000;
  let result: ProveResult;
  try {
    result = prove(pw, { action, resource }, { now, maxWitnesses, shouldStop: () => Date.now() > deadline });
  } catch (e) {
    if (e instanceof ProveInputError) throw new UsageError(e.message);
    throw e;
  }
  if (format === 'json') printJson(io, proveJson(result));
  else io.stdout(render(result));
  return 0;
}

/** CONTRACT §4's shape first, then Rolecall's extras. */
export function proveJson(r: ProveResult) {
  return {
    possible: r.possible,
    complete: r.complete,
    witnesses: r.witnesses.map((w) => ({ request: w.request, answer: w.answer, who: w.who })),
    assumptions: r.assumptions,
    action: r.action,
    resource: r.resource,
    undecided: r.undecided,
    covered: r.covered,
    classes: r.classes,
  };
}
