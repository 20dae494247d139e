/**
 * The Who-can view's pure logic: turning a workspace resource pattern into a resource to ask about, the request
 * that re-asks one path with a full explanation, a path's kind and deciding statement in words, and the compact
 * "everything this class can reach" list.
 */
import type { MatchedStatement, Request } from '../../../../policy-engine/model/index';
import type { IdentityClass, WhoCanResult } from '../../engine/protocol';
import { iamShortName } from '../../../../policy-engine/index';
import { jumpTo, type PolicyJump } from '../editor/jump';

type WhoCanPath = WhoCanResult['paths'][number];

const SUB_VARIABLE = '${cognito-identity.amazonaws.com:sub}';

/** The identity id that stands for "the caller's own id" in a resource pattern with `${…:sub}`. */
export function exampleIdentityId(region: string | undefined): string {
  return `${region || 'us-east-1'}:00000000-0000-4000-8000-000000000001`;
}

/**
 * A workspace resource pattern with `${cognito-identity.amazonaws.com:sub}` names a per-user resource: the question
 * is asked about one identity's own resource (the engine then evaluates each identity as that owner).
 */
export function concreteResource(
  resource: string,
  region: string | undefined,
): { resource: string; substituted: boolean } {
  if (!resource.includes(SUB_VARIABLE)) return { resource, substituted: false };
  return { resource: resource.split(SUB_VARIABLE).join(exampleIdentityId(region)), substituted: true };
}

/** The request that re-asks one path (as whoCan asked it) for the explanation panel. */
export function requestOfPath(path: WhoCanPath, action: string, resource: string): Request {
  const subject = path.identityClass.subject;
  if (subject.principal !== undefined) return { principal: subject.principal, action, resource };
  const identity = { ...subject.identity!, ...(path.identityId ? { identityId: path.identityId } : {}) };
  return { identity, action, resource };
}

const KIND_NAMES: Record<IdentityClass['kind'], string> = {
  guest: 'Guest',
  rule: 'Mapping rule',
  default: 'Default role',
  token: 'Role from token',
  basic: 'Basic flow',
  role: 'IAM role',
  user: 'IAM user',
};

/** A path's kind in a word or two. */
export function kindName(kind: IdentityClass['kind']): string {
  return KIND_NAMES[kind];
}

const tail = (arn: string) => iamShortName(arn);
const providerName = (p: string | undefined) => (p ?? '').replace(/^cognito-idp\.[^/]+\//, 'user pool ');

/** A short name for a class, for a table cell (the full label goes in the tooltip): "Guests", "Rule 0", "AppAdmin". */
export function shortLabel(
  c: Pick<IdentityClass, 'kind' | 'label' | 'provider' | 'ruleIndex' | 'roleArn' | 'subject'>,
): string {
  switch (c.kind) {
    case 'guest':
      return 'Guests';
    case 'rule':
      return `Rule ${c.ruleIndex ?? '?'} · ${providerName(c.provider)}`;
    case 'default':
    case 'token':
      return `Users of ${providerName(c.provider)}`;
    case 'basic':
      return `Basic flow${c.roleArn ? ` → ${tail(c.roleArn)}` : ''}`;
    default:
      return tail(c.subject.principal ?? c.roleArn ?? c.label);
  }
}

/**
 * The statement that decided, in words ("AppUser › UserFiles, statement "Own" (line 4)"), with the jump to its line and
 * column in the user's file; or null.
 */
export function decidingStatement(
  path: Pick<WhoCanPath, 'decision' | 'matchedStatements'>,
  name: (policyId: string) => string,
): { text: string; statement: MatchedStatement; jump: PolicyJump } | null {
  const wanted = path.decision === 'explicitDeny' ? 'Deny' : 'Allow';
  const m = path.matchedStatements.find((s) => s.effect === wanted) ?? path.matchedStatements[0];
  if (!m) return null;
  return {
    text: `${name(m.policyId)}, ${m.sid ? `statement "${m.sid}"` : `statement ${m.statementIndex}`} (line ${m.start.line})`,
    statement: m,
    jump: jumpTo(m.policyId, m.start),
  };
}

/** Allowed cells grouped by resource, actions sorted, resources in first-seen order. */
export function groupReach(
  cells: readonly { action: string; resource: string }[],
): { resource: string; actions: string[] }[] {
  const by = new Map<string, string[]>();
  for (const c of cells) {
    const list = by.get(c.resource) ?? [];
    list.push(c.action);
    by.set(c.resource, list);
  }
  return [...by].map(([resource, actions]) => ({ resource, actions: [...new Set(actions)].sort() }));
}

/** Counts of a who-can result by decision ("2 allowed · 5 denied · 1 no credentials"). */
export function decisionCounts(paths: readonly Pick<WhoCanPath, 'decision'>[]): {
  allowed: number;
  denied: number;
  noCredentials: number;
} {
  let allowed = 0;
  let denied = 0;
  let noCredentials = 0;
  for (const p of paths) {
    if (p.decision === 'allowed') allowed++;
    else if (p.decision === 'noCredentials') noCredentials++;
    else denied++;
  }
  return { allowed, denied, noCredentials };
}

/**
 * A way on through role chaining, in words: "⇢ AppUser → Writer: allowed", or "… leaves the workspace" when a role of
 * the chain is not in the workspace (what it may do is unknown).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 */
export function chainText(c: NonNullable<WhoCanPath['chains']>[number]): string {
  const names = c.chain.map((arn) => arn.slice(arn.lastIndexOf('/') + 1)).join(' → ');
  return c.leavesWorkspace
    ? `⇢ ${names}: leaves the workspace (${c.roleArn} is not in it; what it may do is unknown)`
    : `⇢ ${names}: allowed as ${c.roleArn.slice(c.roleArn.lastIndexOf('/') + 1)}`;
}
