/**
 * Cross-user isolation as one question: can an identity read or write data that belongs to another identity?
 *
 * Per-user data is found three ways, so that a policy widened from `private/${cognito-identity.amazonaws.com:sub}/*`
 * to `private/*` (or with its dynamodb:LeadingKeys condition dropped) is still known to hold per-user data:
 * - the policies: S3 Resource entries with `${cognito-identity.amazonaws.com:sub}` in the object key, and DynamoDB
 *   tables whose dynamodb:LeadingKeys conditions compare with it;
 * - the workspace's `resources`: entries with `${cognito-identity.amazonaws.com:sub}`;
 * - the workspace's `perUserTables`: DynamoDB tables whose partition key is the identity id.
 * For each store the owner is an identity id nobody names (`ownerId`); each access (S3 GetObject, ListBucket on the
 * owner's prefix, PutObject, DeleteObject; DynamoDB item reads and writes with the owner's partition key, Scan) is
 * asked of the prover as every identity class but the owner — so a break comes with a witness: the caller's identity
 * id and the owner's.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
 */
import type { RequestContext } from '../model/request';
import type { PreparedWorkspace } from '../evaluate/prepare';
import type { IdentityClass } from '../analysis/identity-classes';
import { prove, proveClasses, type ProveResult, type Undecided, type Witness } from './prove';
import type { StringMemo } from './glob';

const SUB = '${cognito-identity.amazonaws.com:sub}';
const SUB_TEST = /\$\{cognito-identity\.amazonaws\.com:sub\}/i;
const SUB_ALL = /\$\{cognito-identity\.amazonaws\.com:sub\}/gi;
const TABLE = /^(arn:[^:]*:dynamodb:[^:]*:[^:]*:table\/[^/*?$]+)/;
const S3_OBJECT = /^(arn:[^:]*:s3:::[^/*?$]+)\/(.+)$/;

/** One store of per-user data. */
export interface PerUserStore {
  kind: 's3' | 'dynamodb';
  /** S3: the object pattern with the owner's id as `${cognito-identity.amazonaws.com:sub}`; DynamoDB: the table ARN. */
  pattern: string;
  /** The bucket or table ARN. */
  container: string;
  /** Where it was found, in words ("policy arn:…:policy/UserFiles", "resources", "perUserTables"). */
  foundIn: string[];
}

/** Read or write. */
export type IsolationAccess = 'read' | 'write';

/** One way another identity's data is reached. */
export interface IsolationBreak {
  store: PerUserStore;
  access: IsolationAccess;
  action: string;
  /** The owner's data as the question named it (a pattern). */
  resource: string;
  context?: RequestContext;
  classKey: string;
  who: string;
  kind: IdentityClass['kind'];
  roleArn: string | null;
  /** A class whose role is an operator's by design (a cognito:groups rule whose role scopes nothing per user). */
  operator: boolean;
  /** The owner of the data (an id nobody names), and the caller's id in the witness. */
  ownerId: string;
  callerId: string;
  witness: Witness;
}

/** The isolation answer for one workspace. */
export interface IsolationResult {
  ownerId: string;
  stores: PerUserStore[];
  breaks: IsolationBreak[];
  /** False when a question was not decided (time limit, or a part the prover could not decide). */
  complete: boolean;
  undecided: Undecided[];
  /** Questions asked (store × action). */
  questions: number;
}

/** Options of checkIsolation. */
export interface IsolationOptions {
  now: Date;
  shouldStop?: () => boolean;
  /** Per-user stores to check besides the workspace's own (e.g. the other version's, in a diff). */
  extraStores?: PerUserStore[];
  onProgress?: (done: number, total: number) => void;
}

/** The owner identity id used for "another identity": nobody's, in the workspace's region. */
export function ownerIdentityId(region: string): string {
  return `${region}:0e0e0e0e-0000-4000-8000-00000000b0b0`;
}

const list = <T>(v: T[] | undefined | unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** Every per-user store of the workspace (policies, `resources`, `perUserTables`). */
export function perUserStores(pw: PreparedWorkspace): PerUserStore[] {
  const out = new Map<string, PerUserStore>();
  // Membership in a Set: with thousands of roles sharing a store, foundIn.includes() made this quadratic.
  const seen = new Set<string>();
  const add = (kind: PerUserStore['kind'], pattern: string, container: string, where: string) => {
    const key = `${kind} ${pattern}`;
    const s = out.get(key) ?? { kind, pattern, container, foundIn: [] };
    if (!seen.has(`${key}\n${where}`)) {
      seen.add(`${key}\n${where}`);
      s.foundIn.push(where);
    }
    out.set(key, s);
  };
  const s3 = (value: string, where: string) => {
    const normal = value.replace(SUB_ALL, SUB);
    const m = S3_OBJECT.exec(normal);
    if (!m || !m[2].includes(SUB)) return;
    // Another variable than the identity id cannot be filled in for "another identity": left out.
    if (normal.replace(SUB_ALL, '').includes('${')) return;
    add('s3', normal, m[1], where);
  };
  const table = (value: string, where: string) => {
    const t = TABLE.exec(value);
    if (t) add('dynamodb', t[1], t[1], where);
  };
  for (const p of pw.policies.values()) {
    if (p.policyType !== 'identity' && p.policyType !== 'resource' && p.policyType !== 'session') continue;
    const where = `policy ${p.policyId}`;
    for (const st of p.statements) {
      for (const r of st.resource ?? []) if (SUB_TEST.test(r.value)) s3(r.value, where);
      const keyed = st.conditions.some(
        (c) => /^dynamodb:leadingkeys$/i.test(c.key) && c.values.some((v) => SUB_TEST.test(v)),
      );
      if (keyed) for (const r of st.resource ?? []) table(r.value, where);
    }
  }
  for (const r of list<string>(pw.workspace.resources))
    if (typeof r === 'string' && SUB_TEST.test(r)) s3(r, 'resources');
  for (const r of list<string>(pw.workspace.perUserTables)) if (typeof r === 'string') table(r, 'perUserTables');
  return [...out.values()];
}

/** One question about one store. */
interface StoreQuestion {
  access: IsolationAccess;
  action: string;
  resource: string;
  context?: RequestContext;
}

/** The accesses to another identity's data in one store. */
export function storeQuestions(store: PerUserStore, ownerId: string): StoreQuestion[] {
  if (store.kind === 's3') {
    const objects = store.pattern.split(SUB).join(ownerId);
    const key = objects.slice(store.container.length + 1);
    // ListBucket names the owner's folder as s3:prefix: the key up to the owner's id and the next '/'.
    const at = key.indexOf(ownerId) + ownerId.length;
    const prefix = key.slice(0, at) + (key[at] === '/' ? '/' : '');
    return [
      { access: 'read', action: 's3:GetObject', resource: objects },
      { access: 'read', action: 's3:ListBucket', resource: store.container, context: { 's3:prefix': prefix } },
      { access: 'write', action: 's3:PutObject', resource: objects },
      { access: 'write', action: 's3:DeleteObject', resource: objects },
    ];
  }
  const leading = { 'dynamodb:LeadingKeys': [ownerId] };
  const indexes = `${store.container}/index/*`;
  return [
    { access: 'read', action: 'dynamodb:GetItem', resource: store.container, context: leading },
    { access: 'read', action: 'dynamodb:BatchGetItem', resource: store.container, context: leading },
    { access: 'read', action: 'dynamodb:Query', resource: store.container, context: leading },
    { access: 'read', action: 'dynamodb:Query', resource: indexes, context: leading },
    // A Scan reads every partition: any allowed Scan of a per-user table reads other identities' items.
    { access: 'read', action: 'dynamodb:Scan', resource: store.container },
    { access: 'read', action: 'dynamodb:Scan', resource: indexes },
    { access: 'write', action: 'dynamodb:PutItem', resource: store.container, context: leading },
    { access: 'write', action: 'dynamodb:UpdateItem', resource: store.container, context: leading },
    { access: 'write', action: 'dynamodb:DeleteItem', resource: store.container, context: leading },
    { access: 'write', action: 'dynamodb:BatchWriteItem', resource: store.container, context: leading },
  ];
}

/** Whether any identity policy attached to the role names something per user (${cognito-identity.amazonaws.com:sub}). */
function roleScopesPerUser(pw: PreparedWorkspace, roleArn: string): boolean {
  const role = pw.roles.get(roleArn);
  if (!role) return false;
  for (const p of role.identity.policies) {
    for (const st of p.parsed.statements)
      if (
        (st.resource ?? []).some((r) => SUB_TEST.test(r.value)) ||
        st.conditions.some((c) => c.values.some((v) => SUB_TEST.test(v)))
      )
        return true;
  }
  return false;
}

/**
 * An operator class: a role-mapping rule on cognito:groups whose role scopes nothing per user. Administrators put
 * users in groups (AdminAddUserToGroup); users cannot, so such a role is one the team gave on purpose.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-user-groups.html
 */
export function isOperatorClass(pw: PreparedWorkspace, c: IdentityClass): boolean {
  return (
    c.kind === 'rule' &&
    c.rule?.Claim === 'cognito:groups' &&
    typeof c.rule.RoleARN === 'string' &&
    !roleScopesPerUser(pw, c.rule.RoleARN)
  );
}

/** Can an identity read or write data that belongs to another identity? Every store × access × identity class. */
export function checkIsolation(pw: PreparedWorkspace, opts: IsolationOptions): IsolationResult {
  const ownerId = ownerIdentityId(pw.region);
  const stores = perUserStores(pw);
  for (const s of opts.extraStores ?? [])
    if (!stores.some((x) => x.kind === s.kind && x.pattern === s.pattern))
      stores.push({ ...s, foundIn: [...s.foundIn] });
  const questions = stores.flatMap((store) => storeQuestions(store, ownerId).map((q) => ({ store, q })));
  // The questions differ only in action and resource: their string searches repeat, so they share the answers.
  const memo: StringMemo = new Map();
  const breaks: IsolationBreak[] = [];
  const undecided: Undecided[] = [];
  let complete = true;
  // The user-pool classes reach the roles the rule and token classes already stand for (with any claims); isolation
  // asks about those, so that group members placed by administrators are judged by the operator rule below.
  const classByKey = new Map(proveClasses(pw, opts.now, { userPools: false }).map((c) => [c.key, c] as const));
  for (const [i, { store, q }] of questions.entries()) {
    let r: ProveResult;
    try {
      r = prove(
        pw,
        {
          action: q.action,
          resource: q.resource,
          ...(q.context ? { context: q.context } : {}),
          excludeIdentityIds: [ownerId],
          classFilter: (c) => c.kind !== 'role' && c.kind !== 'user' && !c.key.startsWith('userpool-'),
        },
        { now: opts.now, maxWitnesses: 1000, memo, ...(opts.shouldStop ? { shouldStop: opts.shouldStop } : {}) },
      );
    } catch {
      // A question the catalog cannot answer (an action the catalog lacks) is not a break; say it was not decided.
      complete = false;
      undecided.push({ who: store.pattern, why: `${q.action} on ${q.resource} could not be asked` });
      continue;
    }
    if (!r.complete) {
      complete = false;
      for (const u of r.undecided) undecided.push({ ...u, why: `${q.action} on ${q.resource}: ${u.why}` });
    }
    const classes = new Map(r.classes.filter((c) => c.outcome === 'allowed').map((c) => [c.classKey, c] as const));
    for (const w of r.witnesses) {
      const c = classes.get(w.classKey);
      if (!c) continue;
      const cls = classByKey.get(w.classKey);
      breaks.push({
        store,
        access: q.access,
        action: q.action,
        resource: q.resource,
        ...(q.context ? { context: q.context } : {}),
        classKey: w.classKey,
        who: w.who,
        kind: cls?.kind ?? 'default',
        roleArn: w.answer.roleArn ?? c.roleArn,
        operator: cls ? isOperatorClass(pw, cls) : false,
        ownerId,
        callerId: w.request.identity?.identityId ?? '',
        witness: w,
      });
    }
    opts.onProgress?.(i + 1, questions.length);
  }
  return { ownerId, stores, breaks, complete, undecided, questions: questions.length };
}

/** "read data that belongs to another identity in arn:aws:s3:::b/private/${…}/*". */
export function describeBreak(b: Pick<IsolationBreak, 'access' | 'store'>): string {
  const where = b.store.kind === 's3' ? b.store.pattern : `${b.store.container} (partition key = the identity id)`;
  return `${b.access} data that belongs to another identity in ${where}`;
}
