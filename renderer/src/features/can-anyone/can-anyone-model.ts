/**
 * The "Can anyone?" view's words and checks, free of React: the live check of the question as it is typed (the
 * engine's own checks, which run again when it is asked), the verdict of an answer, and a witness in readable lines.
 */
import type { Request } from '../../../../policy-engine/model/index';
import { loadCatalog, type Catalog } from '../../../../policy-engine/catalog/index';
import {
  chainCaveat,
  checkQuestionAction,
  checkQuestionResource,
  ProveInputError,
} from '../../../../policy-engine/prove/index';
import type { ProveResult } from '../../engine/protocol';

/** A problem with one field of the question, with the closest valid action when there is one. */
export interface FieldProblem {
  message: string;
  suggestion?: string;
}

/** The problems of a question as typed (empty when it may be asked). */
export interface QuestionProblems {
  action?: FieldProblem;
  resource?: FieldProblem;
}

const CATALOG = loadCatalog();

/**
 * Checks a question as it is typed with the engine's own checks (the ones the prover runs when it is asked), so the
 * field says what the engine would refuse. Says nothing about an empty field (nothing to say yet; canAsk refuses it).
 */
export function checkQuestionInput(action: string, resource: string, catalog: Catalog = CATALOG): QuestionProblems {
  const out: QuestionProblems = {};
  const a = action.trim() ? problemOf(() => checkQuestionAction(catalog, action)) : undefined;
  const r = resource.trim() ? problemOf(() => checkQuestionResource(resource)) : undefined;
  if (a) out.action = a;
  if (r) out.resource = r;
  return out;
}

/** The engine's refusal as a field problem (worded for the field, not the CLI flag). */
function problemOf(check: () => unknown): FieldProblem | undefined {
  try {
    check();
    return undefined;
  } catch (e) {
    if (!(e instanceof ProveInputError)) throw e;
    return { message: `${e.reason}.`, ...(e.suggestion ? { suggestion: e.suggestion } : {}) };
  }
}

/** Whether the question can be asked: both fields filled and no problem found. */
export function canAsk(action: string, resource: string, problems: QuestionProblems): boolean {
  return action.trim() !== '' && resource.trim() !== '' && !problems.action && !problems.resource;
}

/** The answer in one line, and how it reads. */
export interface Verdict {
  tone: 'possible' | 'proved' | 'undecided';
  headline: string;
  /** Said beside the headline: the answer did not follow role chains that exist (issue 11). */
  caveat?: string;
}

/** The verdict of an answer. */
export function verdictOf(r: ProveResult): Verdict {
  const caveat = chainCaveat(r);
  return caveat ? { ...bareVerdict(r), caveat } : bareVerdict(r);
}

function bareVerdict(r: ProveResult): Verdict {
  const allowed = r.classes.filter((c) => c.outcome === 'allowed').length;
  if (r.possible)
    return {
      tone: 'possible',
      headline: `Yes: ${allowed} identity class${allowed === 1 ? '' : 'es'} can ${r.action} on ${r.resource}.`,
    };
  if (r.complete)
    return {
      tone: 'proved',
      headline: `No one can ${r.action} on ${r.resource}: proved over every identity class, any identity id and any request context.`,
    };
  return {
    tone: 'undecided',
    headline: `Not decided: no allowed request was found for ${r.action} on ${r.resource}, but part of the question was not decided.`,
  };
}

/** What the proof covered, in words ("12 identity classes: 3 get no credentials, 9 are refused"). */
export function coverageText(r: ProveResult): string {
  const n = (o: ProveResult['classes'][number]['outcome']) => r.classes.filter((c) => c.outcome === o).length;
  const parts = [
    n('allowed') && `${n('allowed')} allowed`,
    n('impossible') && `${n('impossible')} refused for every request`,
    n('noCredentials') && `${n('noCredentials')} get no credentials`,
    n('undecided') && `${n('undecided')} not decided`,
    n('notReached') && `${n('notReached')} not reached`,
  ].filter(Boolean);
  return `${r.classes.length} identity class${r.classes.length === 1 ? '' : 'es'} asked (${parts.join(', ') || 'none'}); ${r.covered.decided} of ${r.covered.total} class × action question${r.covered.total === 1 ? '' : 's'} decided.`;
}

/** How one class came out, in words. */
export function outcomeLabel(o: ProveResult['classes'][number]['outcome']): string {
  switch (o) {
    case 'allowed':
      return 'allowed (witness found)';
    case 'impossible':
      return 'refused for every request';
    case 'noCredentials':
      return 'gets no credentials';
    case 'undecided':
      return 'not decided';
    case 'notReached':
      return 'not reached';
  }
}

/** A witness request in readable lines: who (pool, provider or guest, claims, identity id, flow) and what. */
export function witnessLines(request: Request): { label: string; value: string }[] {
  const out: { label: string; value: string }[] = [];
  const id = request.identity;
  if (id) {
    out.push({ label: 'Identity pool', value: id.identityPoolId });
    if (id.user) {
      // A user of a user pool the workspace holds: Rolecall builds the ID token Cognito would issue.
      const u = id.user;
      out.push({ label: 'User pool user', value: `${u.username} of ${u.userPoolId}, app client ${u.clientId}` });
      if (u.groups?.length) out.push({ label: 'Groups', value: u.groups.join(', ') });
      if (u.attributes && Object.keys(u.attributes).length)
        out.push({ label: 'Attributes', value: JSON.stringify(u.attributes) });
    } else out.push({ label: 'Signed in with', value: id.provider ? id.provider : 'nothing (a guest)' });
    if (id.provider && id.claims && Object.keys(id.claims).length)
      out.push({ label: 'Claims', value: JSON.stringify(id.claims) });
    if (id.customRoleArn) out.push({ label: 'CustomRoleArn', value: id.customRoleArn });
    if (id.flow === 'basic') out.push({ label: 'Basic flow, asking for', value: id.roleArn ?? '(no role)' });
    if (id.identityId) out.push({ label: 'Identity id', value: id.identityId });
  } else if (request.principal) out.push({ label: 'Principal', value: request.principal });
  out.push({ label: 'Action', value: request.action });
  out.push({ label: 'Resource', value: request.resource });
  if (request.context && Object.keys(request.context).length)
    out.push({ label: 'Context', value: JSON.stringify(request.context) });
  return out;
}
