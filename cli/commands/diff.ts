/**
 * `rolecall diff --before W1 --after W2`: every decision that a change to the workspace changes, for every identity
 * class (guests, each provider's users per rule and by default, the basic flow, each IAM role and user) × S3/DynamoDB
 * actions × resources — grouped by class and role, with the statements responsible and one line per class
 * ("This change lets guests of pool app delete objects in …").
 */
import { UsageError, type Io } from '../io';
import { diffWorkspaces, matrixActions, type WorkspaceDiff } from '../../policy-engine/analysis/index';
import { checkNoNewAccess, type NewAccessResult } from '../../policy-engine/prove/index';
import {
  formatOption,
  loadPreparedWorkspace,
  nowOption,
  parseCommand,
  printJson,
  requireOption,
  servicesOption,
} from './shared';

const help = `Usage: rolecall diff --before W1 --after W2 [--format table|json|markdown] [--service s3,dynamodb]
                     [--resource ARN]… [--now ISO-TIME] [--prove [--timeout SECONDS]]

Every S3 and DynamoDB decision that differs between two versions of a workspace, for every identity class (guests,
each provider's users per role-mapping rule and by default, the basic flow, each IAM role and user), grouped by class
and role, then grouped by cause: one group per reason (the trust statement that now refuses the identity, with its
place in the file and the failed condition; the statement that now allows or denies; …) with how many decisions it
changes and for whom. --format json keeps every changed decision per class and adds the groups ("groups").
Resources default to both workspaces' "resources".
A change that lets an identity reach another identity's per-user data is reported as a cross-user isolation break.
  --prove       also ask, per action and identity class over every resource and request context: does the after
                workspace allow anything the before did not? (CheckNoNewAccess across identities) — with witnesses
  --timeout S   stop --prove after S seconds (default 60) and say what was not covered
`;

/** The --prove part as text. */
function renderNewAccess(r: NewAccessResult): string {
  const lines = ['', r.newAccess.length ? 'New access (--prove):' : 'New access (--prove): none found.'];
  for (const n of r.newAccess) {
    const w = n.witness.request;
    lines.push(
      `  ${n.who}: ${n.action}${n.proved ? ' (the before workspace allowed this class none of it)' : n.found === 'search' ? ' (both allow some of it; this request only after)' : ''}`,
      `    witness: ${w.identity ? `identity ${w.identity.identityId} — ` : ''}${w.action} on ${w.resource}${w.context ? ` with ${JSON.stringify(w.context)}` : ''}: after allowed, before ${n.before}`,
    );
  }
  if (!r.complete) {
    lines.push(
      `  Not a proof of "no other new access": ${r.comparedByWitness.length} action × class pair(s) allowed in both versions were compared by witness only${r.undecided.length ? `, ${r.undecided.length} not decided` : ''}.`,
    );
    for (const p of r.comparedByWitness) lines.push(`    ${p.who}: ${p.action}: ${p.why}`);
  } else lines.push(`  Proved over ${r.actionsAsked} action(s): nothing else is newly allowed for any identity class.`);
  return lines.join('\n') + '\n';
}

/** The diff as text (`markdown` adds headings and bullets). */
function renderDiff(d: WorkspaceDiff, format: 'table' | 'markdown'): string {
  const md = format === 'markdown';
  const lines: string[] = [];
  if (md) lines.push('# What this change does', '');
  if (d.classes.length === 0 && d.isolation.broken.length + d.isolation.restored.length === 0) {
    lines.push('No decision changes.');
    return lines.join('\n') + '\n';
  }
  for (const s of d.summary) lines.push(md ? `- ${s}` : s);
  lines.push(
    '',
    `${d.changedCells} changed decision(s) over ${d.actions.length} action(s) × ${d.resources.length} resource(s).`,
    '',
  );
  for (const [title, list] of [
    ['Cross-user isolation broken', d.isolation.broken],
    ['Cross-user isolation restored', d.isolation.restored],
  ] as const) {
    if (!list.length) continue;
    lines.push(md ? `## ${title}` : `${title}:`);
    if (md) lines.push('');
    for (const c of list) {
      const w = c.witness.request;
      lines.push(
        md ? `- ${c.who}: ${c.access.join(' and ')} (${c.actions.join(', ')})` : `  ${c.who}`,
        ...(md
          ? [`  - witness: identity \`${c.callerId}\` — \`${w.action}\` on \`${w.resource}\` (owner \`${c.ownerId}\`)`]
          : [
              `    ${c.access.join(' and ')} of ${c.store.kind === 's3' ? c.store.pattern : c.store.container}: ${c.actions.join(', ')}`,
              `    witness: identity ${c.callerId} — ${w.action} on ${w.resource}${w.context ? ` with ${JSON.stringify(w.context)}` : ''} (owner ${c.ownerId})`,
            ]),
      );
    }
    lines.push('');
  }
  // One group per cause (issue #16), not one line per cell: --format json keeps every cell (classes[].gained/lost/other).
  lines.push(md ? `## Changes by cause (${d.groups.length})` : `Changes by cause (${d.groups.length}):`);
  if (md) lines.push('');
  const MARK = { gained: '+', lost: '-', other: '~' } as const;
  d.groups.forEach((g, i) => {
    const how = g.transitions.map((t) => `${t.before} → ${t.after}${g.transitions.length > 1 ? ` ×${t.count}` : ''}`);
    const head = `${MARK[g.direction]} ${g.count} decision${g.count === 1 ? '' : 's'} (${how.join(', ')}): ${g.cause}`;
    const unique = [...new Map(g.cells.map((c) => [`${c.action} ${c.resource}`, c])).values()];
    const eg = unique
      .slice(0, 3)
      .map((c) => (md ? `\`${c.action}\` on \`${c.resource}\`` : `${c.action} on ${c.resource}`));
    const more = unique.length > eg.length ? ` and ${unique.length - eg.length} more` : '';
    if (md)
      lines.push(
        `${i + 1}. \`${MARK[g.direction]}\` ${head.slice(2)}`,
        `   - for: ${g.who.join('; ')}`,
        `   - e.g. ${eg.join(', ')}${more}`,
      );
    else lines.push(`  ${i + 1}. ${head}`, `     for: ${g.who.join('; ')}`, `     e.g. ${eg.join(', ')}${more}`);
  });
  if (d.groups.some((g) => g.count > 3)) lines.push('', '(--format json lists every changed decision, per class)');
  lines.push('');
  return lines.join('\n');
}

/** Runs `rolecall diff`. */
export async function runDiff(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommand(argv, io, help, {
    before: { type: 'string' },
    after: { type: 'string' },
    format: { type: 'string' },
    service: { type: 'string' },
    resource: { type: 'string', multiple: true },
    now: { type: 'string' },
    prove: { type: 'boolean' },
    timeout: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed) return 0;
  const { values } = parsed;
  const timeout = values.timeout === undefined ? 60 : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new UsageError(`--timeout must be a positive number of seconds, got "${values.timeout}"`);
  const beforeFile = requireOption(values.before, 'before', '(the workspace before the change)');
  const afterFile = requireOption(values.after, 'after', '(the workspace after the change)');
  const format = formatOption(values.format, ['table', 'json', 'markdown'], 'table');
  const services = servicesOption(values.service, (s) => `--service must list s3 and/or dynamodb, got "${s}"`);
  for (const r of values.resource ?? [])
    if (!r.startsWith('arn:')) throw new UsageError(`--resource must be an ARN, got "${r}"`);
  const now = nowOption(values.now, io);
  const before = (await loadPreparedWorkspace(io, beforeFile)).pw;
  const after = (await loadPreparedWorkspace(io, afterFile)).pw;
  const d = diffWorkspaces(before, after, {
    now,
    services,
    ...(values.resource ? { resources: values.resource } : {}),
  });
  let proved: NewAccessResult | undefined;
  if (values.prove) {
    const deadline = Date.now() + timeout * 1000;
    const actions = [...new Set([...matrixActions(after, services), ...matrixActions(before, services)])];
    proved = checkNoNewAccess(before, after, actions, { now, shouldStop: () => Date.now() > deadline });
  }
  if (format === 'json') printJson(io, proved ? { ...d, newAccess: proved } : d);
  else io.stdout(renderDiff(d, format as 'table' | 'markdown') + (proved ? renderNewAccess(proved) : ''));
  return 0;
}
