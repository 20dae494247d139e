/**
 * What a resolution step reads as in the app: its title ("Rule 2", "Trust policy") and its message without the
 * words the title already says. The engine's messages stand alone ("Rule 2 (cognito:groups Contains "admins")
 * matched: …", as the CLI prints them); under a "Rule 2" title the app shows "cognito:groups Contains "admins"
 * matched: …", never "Rule 2 Rule 2 (…)". Pure.
 */
import type { ResolutionStep } from '../../../../policy-engine/model/index';

const STEP_TITLES: Record<ResolutionStep['kind'], string> = {
  token: 'Token',
  provider: 'Provider',
  mapping: 'Role mapping',
  rule: 'Rule',
  tokenRoles: 'Roles in token',
  customRoleArn: 'CustomRoleArn',
  default: 'Default role',
  guest: 'Guest',
  basic: 'Basic flow',
  trust: 'Trust policy',
  session: 'Session',
  note: 'Note',
};

/** The step's title: its kind, with the rule number for a rule. */
export function stepTitle(step: Pick<ResolutionStep, 'kind' | 'ruleIndex'>): string {
  const title = STEP_TITLES[step.kind] ?? step.kind;
  return step.ruleIndex !== undefined ? `${title} ${step.ruleIndex}` : title;
}

/** The end of a parenthesised part that starts at `open` (balanced), or -1. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The step's message without a leading repeat of its rule title ("Rule 2 (x) matched" → "x matched"); others as they are. */
export function stepMessage(step: Pick<ResolutionStep, 'kind' | 'ruleIndex' | 'message'>): string {
  if (step.ruleIndex === undefined) return step.message;
  const title = stepTitle(step);
  const m = step.message;
  if (!m.toLowerCase().startsWith(`${title.toLowerCase()} `)) return m;
  let rest = m.slice(title.length + 1);
  if (rest.startsWith('(')) {
    const end = closingParen(rest, 0);
    if (end > 0) rest = rest.slice(1, end) + rest.slice(end + 1);
  }
  return rest;
}
