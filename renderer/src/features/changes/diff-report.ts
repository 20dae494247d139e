/**
 * The change diff (the edited workspace against the saved one) as Markdown, for a pull request or a review note:
 * the one-line summaries first, then every changed decision by identity class, with the statements responsible.
 */
import type { MatchedStatement } from '../../../../policy-engine/model/index';
import type { WorkspaceDiff } from '../../engine/protocol';
import { jumpTo, type PolicyJump } from '../editor/jump';

type ClassDiff = WorkspaceDiff['classes'][number];
type CellChange = ClassDiff['gained'][number];

const DECISION_WORDS: Record<string, string> = {
  allowed: 'allowed',
  explicitDeny: 'explicit deny',
  implicitDeny: 'implicit deny',
  noCredentials: 'no credentials',
  notApplicable: 'not applicable',
};

/** A decision in words. */
export function decisionWords(d: string): string {
  return DECISION_WORDS[d] ?? d;
}

/** A cause group's decision changes: "implicit deny → allowed", or with several, each with its count ("… ×3"). */
export function transitionsText(g: NonNullable<WorkspaceDiff['groups']>[number]): string {
  const several = g.transitions.length > 1;
  return g.transitions
    .map((t) => `${decisionWords(t.before)} → ${decisionWords(t.after)}${several ? ` ×${t.count}` : ''}`)
    .join(', ');
}

/** Escapes text for inline Markdown (formatting characters and HTML). */
export function mdText(s: string): string {
  return s.replace(/([\\`*_{}[\]<>()#+!|~])/g, '\\$1').replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks in the text. */
export function mdCode(s: string): string {
  const text = s.replace(/\r?\n/g, ' ');
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${fence === '``' ? ` ${text} ` : text}${fence}`;
}

/** The statements that made the new decision (or, for a lost allow, the ones that allowed it before). */
export function responsibleStatements(c: CellChange): { when: 'before' | 'after'; statements: MatchedStatement[] } {
  const gainedOrOther = c.after === 'allowed' || (c.before !== 'allowed' && (c.afterStatements?.length ?? 0) > 0);
  return gainedOrOther
    ? { when: 'after', statements: c.afterStatements ?? [] }
    : { when: 'before', statements: c.beforeStatements ?? [] };
}

/** Where a cause's "Open the statement" leads: the statement's line and column in the user's file; null without one. */
export function causeJump(g: NonNullable<WorkspaceDiff['groups']>[number]): PolicyJump | null {
  return g.statement ? jumpTo(g.statement.policyId, g.statement.start) : null;
}

/** A changed decision's responsible statements, each with the jump to its line and column. */
export function responsibleJumps(c: CellChange): {
  when: 'before' | 'after';
  statements: { statement: MatchedStatement; jump: PolicyJump }[];
} {
  const r = responsibleStatements(c);
  return { when: r.when, statements: r.statements.map((m) => ({ statement: m, jump: jumpTo(m.policyId, m.start) })) };
}

/** "AppUser#inline/Files statement "Own" (line 4)". */
export function statementText(m: MatchedStatement): string {
  return `${m.policyId} ${m.sid ? `statement "${m.sid}"` : `statement ${m.statementIndex}`} (line ${m.start.line})`;
}

function changeLine(c: CellChange): string {
  const r = responsibleStatements(c);
  const why = r.statements.length
    ? ` — ${r.when === 'after' ? 'now' : 'was'} decided by ${r.statements.map((m) => mdText(statementText(m))).join('; ')}`
    : '';
  return `- ${mdCode(c.action)} on ${mdCode(c.resource)}: ${decisionWords(c.before)} → **${decisionWords(c.after)}**${why}`;
}

/** The diff as a Markdown document. */
export function diffToMarkdown(diff: WorkspaceDiff | null, opts: { title?: string } = {}): string {
  const lines = [`# ${mdText(opts.title ?? 'Rolecall change review')}`, ''];
  const broken = diff?.isolation?.broken ?? [];
  if (!diff || (diff.changedCells === 0 && broken.length + (diff.isolation?.restored.length ?? 0) === 0)) {
    lines.push('No decision changes: the edits allow and deny exactly what the saved workspace does.', '');
    return lines.join('\n');
  }
  if (broken.length) {
    lines.push('## Cross-user isolation broken', '');
    for (const c of broken) {
      const w = c.witness.request;
      lines.push(
        `- ${mdText(c.who)}: ${c.access.join(' and ')} of ${mdCode(c.store.kind === 's3' ? c.store.pattern : c.store.container)} (${c.actions.map(mdCode).join(', ')}); witness: identity ${mdCode(c.callerId)} — ${mdCode(w.action)} on ${mdCode(w.resource)}${w.context ? ` with ${mdCode(JSON.stringify(w.context))}` : ''}, owner ${mdCode(c.ownerId)}`,
      );
    }
    lines.push('');
  }
  const gained = diff.classes.reduce((n, c) => n + c.gained.length, 0);
  const lost = diff.classes.reduce((n, c) => n + c.lost.length, 0);
  lines.push(
    `${diff.changedCells} changed decision${diff.changedCells === 1 ? '' : 's'} (${gained} newly allowed, ${lost} no longer allowed) for ${diff.classes.length} identity class${diff.classes.length === 1 ? '' : 'es'}.`,
    '',
  );
  if (diff.summary.length) {
    lines.push('## Summary', '');
    for (const s of diff.summary) lines.push(`- ${mdText(s)}`);
    lines.push('');
  }
  const groups = diff.groups ?? [];
  if (groups.length) {
    lines.push(`## Changes by cause (${groups.length})`, '');
    groups.forEach((g, i) => {
      lines.push(
        `${i + 1}. ${g.count} decision${g.count === 1 ? '' : 's'} (${transitionsText(g)}): ${mdText(g.cause)} — for ${mdText(g.who.join('; '))}`,
      );
    });
    lines.push('');
  }
  for (const c of diff.classes) {
    lines.push(`## ${mdText(c.label)}`, '');
    const role =
      c.roleBefore === c.roleAfter
        ? `Role: ${c.roleAfter ? mdCode(c.roleAfter) : 'none'}`
        : `Role: ${c.roleBefore ? mdCode(c.roleBefore) : 'none'} → ${c.roleAfter ? mdCode(c.roleAfter) : 'none'}`;
    lines.push(role, '', mdText(c.summary), '');
    const section = (title: string, list: CellChange[]) => {
      if (list.length === 0) return;
      lines.push(`### ${title} (${list.length})`, '', ...list.map(changeLine), '');
    };
    section('Newly allowed', c.gained);
    section('No longer allowed', c.lost);
    section('Other changes', c.other);
  }
  return lines.join('\n');
}

/** The badge text for the Changes tab: the number of changed decisions, '' when none. */
export function changesBadge(diff: WorkspaceDiff | null): string {
  const n = diff ? diff.changedCells + (diff.isolation?.broken.length ?? 0) : 0;
  return n > 0 ? String(n) : '';
}
