/**
 * The sidebar's view of a workspace: sections (identity pools, roles, managed policies, resource policies,
 * resources), each item with the JSON document the editor shows and the properties the details panel lists.
 * Pure: derived from the workspace alone, so it can be tested and memoised.
 */
import type {
  IdentityPool,
  ManagedPolicyDetail,
  PolicyInput,
  RoleDetail,
  Workspace,
} from '../../../policy-engine/model/index';
import { decodePolicy } from '../../../policy-engine/workspace/index';

/** What kind of thing an outline item is. */
export type OutlineKind =
  | 'identityPool'
  | 'role'
  | 'trustPolicy'
  | 'inlinePolicy'
  | 'attachedPolicy'
  | 'boundary'
  | 'managedPolicy'
  | 'resourcePolicy'
  | 'resource';

/** One row of the sidebar. */
export interface OutlineItem {
  /** Unique within the outline; stable across reloads of the same workspace. */
  id: string;
  kind: OutlineKind;
  label: string;
  /** A short secondary text (a count, a type). */
  hint?: string;
  /**
   * The document the editor shows, as pretty JSON. Outline items compute it when it is read (a getter), so a
   * workspace of thousands of roles is not pretty-printed up front.
   */
  documentText: string;
  /** A title for the editor tab, e.g. "AppUser › trust policy". */
  documentTitle: string;
  /** Name/value pairs for the details panel. */
  properties: [string, string][];
  children?: OutlineItem[];
}

/** A titled group of items. */
export interface OutlineSection {
  id: 'identityPools' | 'roles' | 'managedPolicies' | 'resourcePolicies' | 'resources';
  title: string;
  items: OutlineItem[];
}

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

/** Pretty JSON of a policy document in any of its accepted forms; the raw string when it cannot be decoded. */
export function policyText(input: PolicyInput | undefined): string {
  if (input === undefined) return '// No document';
  const decoded = decodePolicy(input);
  return decoded ? pretty(decoded) : String(input);
}

function statementCount(input: PolicyInput | undefined): number {
  const statement = decodePolicy(input)?.Statement;
  if (Array.isArray(statement)) return statement.length;
  return statement ? 1 : 0;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** The default version of a managed policy (IAM evaluates only that one). */
export function defaultVersionDocument(policy: ManagedPolicyDetail): PolicyInput | undefined {
  const versions = policy.PolicyVersionList ?? [];
  const chosen =
    versions.find((v) => v.IsDefaultVersion) ??
    versions.find((v) => v.VersionId === policy.DefaultVersionId) ??
    versions[0];
  return chosen?.Document;
}

function poolItem(pool: IdentityPool): OutlineItem {
  const providers = [
    ...(pool.CognitoIdentityProviders ?? []).map((p) => p.ProviderName),
    ...Object.keys(pool.SupportedLoginProviders ?? {}),
    ...(pool.OpenIdConnectProviderARNs ?? []),
    ...(pool.SamlProviderARNs ?? []),
  ];
  const label = pool.IdentityPoolName ?? pool.IdentityPoolId;
  return {
    id: `pool:${pool.IdentityPoolId}`,
    kind: 'identityPool',
    label,
    hint: plural(providers.length, 'provider'),
    get documentText() {
      return pretty(pool);
    },
    documentTitle: `${label} › identity pool`,
    properties: [
      ['Identity pool id', pool.IdentityPoolId],
      ['Guest access', pool.AllowUnauthenticatedIdentities ? 'Allowed' : 'Off'],
      // An absent AllowClassicFlow was never set; AWS then treats the basic flow as allowed (SEMANTICS §A1.1).
      ['Basic (classic) flow', pool.AllowClassicFlow === false ? 'Off' : 'Allowed'],
      ['Authenticated role', pool.Roles?.authenticated ?? '—'],
      ['Guest role', pool.Roles?.unauthenticated ?? '—'],
      ['Role mappings', String(Object.keys(pool.RoleMappings ?? {}).length)],
      ...providers.map((p, i): [string, string] => [`Provider ${i + 1}`, p]),
    ],
  };
}

/** A role's trust policy (AssumeRolePolicyDocument). */
function trustItem(role: RoleDetail): OutlineItem {
  return {
    id: `role:${role.Arn}#trust`,
    kind: 'trustPolicy',
    label: 'Trust policy',
    hint: plural(statementCount(role.AssumeRolePolicyDocument), 'statement'),
    get documentText() {
      return policyText(role.AssumeRolePolicyDocument);
    },
    documentTitle: `${role.RoleName} › trust policy`,
    properties: [
      ['Role', role.Arn],
      ['Policy type', 'Trust (AssumeRolePolicyDocument)'],
    ],
  };
}

/** One of a role's inline policies. */
function inlineItem(role: RoleDetail, p: NonNullable<RoleDetail['RolePolicyList']>[number]): OutlineItem {
  return {
    id: `role:${role.Arn}#inline/${p.PolicyName}`,
    kind: 'inlinePolicy',
    label: p.PolicyName,
    hint: 'inline',
    get documentText() {
      return policyText(p.PolicyDocument);
    },
    documentTitle: `${role.RoleName} › ${p.PolicyName} (inline)`,
    properties: [
      ['Role', role.Arn],
      ['Policy type', 'Inline identity policy'],
      ['Statements', String(statementCount(p.PolicyDocument))],
    ],
  };
}

/** One of a role's attached managed policies (its default version, or a note when it is not in the workspace). */
function attachedItem(
  role: RoleDetail,
  a: NonNullable<RoleDetail['AttachedManagedPolicies']>[number],
  policies: Map<string, ManagedPolicyDetail>,
): OutlineItem {
  const policy = policies.get(a.PolicyArn);
  const doc = policy ? defaultVersionDocument(policy) : undefined;
  const name = a.PolicyName ?? a.PolicyArn.split('/').pop() ?? a.PolicyArn;
  return {
    id: `role:${role.Arn}#managed/${a.PolicyArn}`,
    kind: 'attachedPolicy',
    label: name,
    hint: a.PolicyArn.startsWith('arn:aws:iam::aws:') ? 'AWS managed' : 'managed',
    get documentText() {
      return policy ? policyText(doc) : `// ${a.PolicyArn} is not in this workspace's iam.Policies.`;
    },
    documentTitle: `${role.RoleName} › ${name} (managed)`,
    properties: [
      ['Role', role.Arn],
      ['Policy ARN', a.PolicyArn],
      ['Default version', policy?.DefaultVersionId ?? 'not in workspace'],
    ],
  };
}

/** A role's permissions boundary (its default version, or a note when it is not in the workspace). */
function boundaryItem(role: RoleDetail, boundaryArn: string, policies: Map<string, ManagedPolicyDetail>): OutlineItem {
  const policy = policies.get(boundaryArn);
  return {
    id: `role:${role.Arn}#boundary`,
    kind: 'boundary',
    label: policy?.PolicyName ?? boundaryArn,
    hint: 'boundary',
    get documentText() {
      return policy
        ? policyText(defaultVersionDocument(policy))
        : `// ${boundaryArn} is not in this workspace's iam.Policies.`;
    },
    documentTitle: `${role.RoleName} › permissions boundary`,
    properties: [
      ['Role', role.Arn],
      ['Policy type', 'Permissions boundary'],
      ['Policy ARN', boundaryArn],
    ],
  };
}

/** A role with its policies as children: trust, inline, attached managed, then the boundary. */
function roleItem(role: RoleDetail, policies: Map<string, ManagedPolicyDetail>): OutlineItem {
  const boundaryArn = role.PermissionsBoundary?.PermissionsBoundaryArn;
  const children: OutlineItem[] = [
    trustItem(role),
    ...(role.RolePolicyList ?? []).map((p) => inlineItem(role, p)),
    ...(role.AttachedManagedPolicies ?? []).map((a) => attachedItem(role, a, policies)),
    ...(boundaryArn ? [boundaryItem(role, boundaryArn, policies)] : []),
  ];
  const { RolePolicyList: _inline, AssumeRolePolicyDocument: _trust, ...summary } = role;
  return {
    id: `role:${role.Arn}`,
    kind: 'role',
    label: role.RoleName,
    hint: plural(children.length - 1, 'policy', 'policies'),
    get documentText() {
      return pretty(summary);
    },
    documentTitle: `${role.RoleName} › role`,
    properties: [
      ['ARN', role.Arn],
      ['Role id', role.RoleId ?? '—'],
      ['Path', role.Path ?? '/'],
      ['Created', typeof role.CreateDate === 'string' ? role.CreateDate : '—'],
      ['Permissions boundary', boundaryArn ?? 'None'],
      ['Tags', (role.Tags ?? []).map((t) => `${t.Key}=${t.Value}`).join(', ') || '—'],
    ],
    children,
  };
}

function managedItem(policy: ManagedPolicyDetail): OutlineItem {
  const doc = defaultVersionDocument(policy);
  return {
    id: `policy:${policy.Arn}`,
    kind: 'managedPolicy',
    label: policy.PolicyName,
    hint: policy.Arn.startsWith('arn:aws:iam::aws:') ? 'AWS managed' : policy.DefaultVersionId,
    get documentText() {
      return policyText(doc);
    },
    documentTitle: `${policy.PolicyName} › ${policy.DefaultVersionId ?? 'default version'}`,
    properties: [
      ['ARN', policy.Arn],
      ['Policy id', policy.PolicyId ?? '—'],
      ['Default version', policy.DefaultVersionId ?? '—'],
      ['Versions', String(policy.PolicyVersionList?.length ?? 0)],
      ['Statements', String(statementCount(doc))],
    ],
  };
}

/** What a resource ARN is, in words: "S3 bucket", "S3 objects", "DynamoDB table", … */
export function describeResource(arn: string): string {
  const [, , service = '', , , rest = ''] = arn.split(':');
  if (service === 's3') return rest.includes('/') ? 'S3 objects' : 'S3 bucket';
  if (service === 'dynamodb') {
    if (rest.includes('/index/')) return 'DynamoDB index';
    if (rest.includes('/stream/')) return 'DynamoDB stream';
    return 'DynamoDB table';
  }
  return service || 'resource';
}

/** Builds the outline of a workspace. */
export function buildOutline(ws: Workspace): OutlineSection[] {
  const policies = new Map((ws.iam?.Policies ?? []).map((p) => [p.Arn, p] as const));
  const resourcePolicies = ws.resourcePolicies ?? [];
  return [
    { id: 'identityPools', title: 'Identity pools', items: (ws.identityPools ?? []).map(poolItem) },
    { id: 'roles', title: 'Roles', items: (ws.iam?.RoleDetailList ?? []).map((r) => roleItem(r, policies)) },
    { id: 'managedPolicies', title: 'Managed policies', items: (ws.iam?.Policies ?? []).map(managedItem) },
    {
      id: 'resourcePolicies',
      title: 'Resource policies',
      items: resourcePolicies.map((entry): OutlineItem => ({
        id: `resource-policy:${entry.resourceArn}`,
        kind: 'resourcePolicy',
        label: entry.resourceArn.replace(/^arn:aws[\w-]*:(s3|dynamodb):[^:]*:[^:]*:/, ''),
        hint: describeResource(entry.resourceArn),
        get documentText() {
          return policyText(entry.policy);
        },
        documentTitle: `${entry.resourceArn} › resource policy`,
        properties: [
          ['Resource', entry.resourceArn],
          ['Statements', String(statementCount(entry.policy))],
        ],
      })),
    },
    {
      id: 'resources',
      title: 'Resources',
      items: (ws.resources ?? []).map((arn): OutlineItem => {
        const policy = resourcePolicies.find((p) => p.resourceArn === arn || arn.startsWith(`${p.resourceArn}/`));
        return {
          id: `resource:${arn}`,
          kind: 'resource',
          label: arn.replace(/^arn:aws[\w-]*:(s3|dynamodb):[^:]*:[^:]*:/, ''),
          hint: (ws.importNotes?.fromPolicy ?? []).includes(arn)
            ? `${describeResource(arn)} · from policy`
            : describeResource(arn),
          get documentText() {
            return pretty({
              resourceArn: arn,
              type: describeResource(arn),
              resourcePolicy: policy ? policy.resourceArn : null,
            });
          },
          documentTitle: `${arn} › resource`,
          properties: [
            ['ARN', arn],
            ['Type', describeResource(arn)],
            ['Resource policy', policy?.resourceArn ?? 'None'],
            ...((ws.importNotes?.fromPolicy ?? []).includes(arn)
              ? [['Origin', 'from policy: a role policy names it; no imported file defines it'] as [string, string]]
              : []),
          ],
        };
      }),
    },
  ];
}

/** Finds an item (at any depth) by id. */
export function findItem(sections: OutlineSection[], id: string | null): OutlineItem | undefined {
  if (id === null) return undefined;
  const walk = (items: OutlineItem[]): OutlineItem | undefined => {
    for (const item of items) {
      if (item.id === id) return item;
      const found = item.children && walk(item.children);
      if (found) return found;
    }
    return undefined;
  };
  for (const section of sections) {
    const found = walk(section.items);
    if (found) return found;
  }
  return undefined;
}

/**
 * The item to show first: a policy of the first pool's authenticated role (what most users ask about), else the
 * first role's, else the first item of any section.
 */
export function defaultSelection(sections: OutlineSection[], ws: Workspace): string | null {
  const roles = sections.find((s) => s.id === 'roles');
  const authenticated = ws.identityPools?.[0]?.Roles?.authenticated;
  const firstRole = roles?.items.find((r) => r.id === `role:${authenticated}`) ?? roles?.items[0];
  const inline = firstRole?.children?.find((c) => c.kind === 'inlinePolicy') ?? firstRole?.children?.[0];
  if (inline) return inline.id;
  for (const section of sections) if (section.items[0]) return section.items[0].id;
  return null;
}
