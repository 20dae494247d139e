/**
 * Every policy document of a workspace, with the id prepareWorkspace gives it, its owner, where it sits in the
 * workspace file and how it is used — without parsing it. The findings (analysis/policy-refs) and the source map
 * (workspace/source-map: positions in the user's file) both read this one walk.
 */
import type { PolicyType } from '../model/request';
import type { ManagedPolicyDetail, PolicyInput, Workspace } from '../model/workspace';

/** A JSON path into the workspace file. */
export type DocumentPath = (string | number)[];

/** One policy document of the workspace, as written. */
export interface PolicyDocument {
  policyId: string;
  policyType: PolicyType;
  input: PolicyInput;
  /** The entity a location names. */
  owner: { kind: 'role' | 'user' | 'policy' | 'resourcePolicy'; arn: string };
  /** The inline policy's name, or the managed policy's name. */
  policyName?: string;
  /** Where the document is in the workspace file. */
  documentPath: DocumentPath;
  /** Whether the document is written as a JSON string (positions then point at the string). */
  isString: boolean;
  /** Roles, users and groups the policy applies to as an identity policy (itself for inline policies). */
  attachedTo: string[];
  /** True when some role or user uses this managed policy as its permissions boundary. */
  usedAsBoundary: boolean;
}

const arr = <T>(v: T[] | undefined | unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** The default version of a managed policy and its index (IAM evaluates only the default version). */
function defaultVersion(p: ManagedPolicyDetail): number {
  const versions = arr<{ IsDefaultVersion?: boolean; VersionId?: string }>(p.PolicyVersionList);
  const byFlag = versions.findIndex((x) => x && x.IsDefaultVersion === true);
  if (byFlag >= 0) return byFlag;
  const byId = versions.findIndex((x) => x && p.DefaultVersionId !== undefined && x.VersionId === p.DefaultVersionId);
  if (byId >= 0) return byId;
  return versions.length === 1 ? 0 : -1;
}

/** Lists every policy document of the workspace (trust, inline, managed, resource, SCP, RCP), unparsed. */
export function policyDocuments(ws: Workspace): PolicyDocument[] {
  const out: PolicyDocument[] = [];
  const push = (
    input: PolicyInput | undefined,
    policyId: string,
    policyType: PolicyType,
    owner: PolicyDocument['owner'],
    documentPath: DocumentPath,
    extra: Partial<PolicyDocument> = {},
  ) => {
    if (input === undefined || input === null) return;
    out.push({
      policyId,
      policyType,
      owner,
      documentPath,
      input,
      isString: typeof input === 'string',
      attachedTo: [],
      usedAsBoundary: false,
      ...extra,
    });
  };
  const iam = ws.iam ?? {};
  const attachments = new Map<string, string[]>();
  const boundaries = new Set<string>();
  const attach = (policyArn: unknown, to: string) => {
    if (typeof policyArn !== 'string') return;
    if (!attachments.has(policyArn)) attachments.set(policyArn, []);
    attachments.get(policyArn)!.push(to);
  };
  // Roles, users and groups alike: inline policies, attachments and (not for groups) a permissions boundary.
  const holders = [
    { list: 'RoleDetailList', inline: 'RolePolicyList', kind: 'role' },
    { list: 'UserDetailList', inline: 'UserPolicyList', kind: 'user' },
    { list: 'GroupDetailList', inline: 'GroupPolicyList', kind: 'policy' },
  ] as const;
  for (const { list, inline, kind } of holders) {
    arr<Record<string, unknown>>(iam[list]).forEach((e, i) => {
      if (!e || typeof e.Arn !== 'string') return;
      const arn = e.Arn;
      if (kind === 'role')
        push(
          e.AssumeRolePolicyDocument as PolicyInput | undefined,
          `${arn}#trust`,
          'trust',
          { kind, arn },
          ['iam', list, i, 'AssumeRolePolicyDocument'],
          { attachedTo: [arn] },
        );
      arr<{ PolicyName?: unknown; PolicyDocument?: PolicyInput }>(e[inline]).forEach((p, j) => {
        if (p && typeof p.PolicyName === 'string')
          push(
            p.PolicyDocument,
            `${arn}#inline/${p.PolicyName}`,
            'identity',
            { kind, arn },
            ['iam', list, i, inline, j, 'PolicyDocument'],
            { policyName: p.PolicyName, attachedTo: [arn] },
          );
      });
      arr<{ PolicyArn?: unknown }>(e.AttachedManagedPolicies).forEach((a) => attach(a?.PolicyArn, arn));
      const b =
        kind === 'policy' ? undefined : (e.PermissionsBoundary as { PermissionsBoundaryArn?: unknown } | undefined);
      if (b && typeof b.PermissionsBoundaryArn === 'string') boundaries.add(b.PermissionsBoundaryArn);
    });
  }
  arr<ManagedPolicyDetail>(iam.Policies).forEach((p, i) => {
    if (!p || typeof p.Arn !== 'string') return;
    const v = defaultVersion(p);
    if (v < 0) return;
    const doc = arr<{ Document?: PolicyInput }>(p.PolicyVersionList)[v]?.Document;
    const usedAsBoundary = boundaries.has(p.Arn);
    const type: PolicyType = usedAsBoundary && !attachments.has(p.Arn) ? 'permissionsBoundary' : 'identity';
    push(doc, p.Arn, type, { kind: 'policy', arn: p.Arn }, ['iam', 'Policies', i, 'PolicyVersionList', v, 'Document'], {
      policyName: p.PolicyName,
      attachedTo: attachments.get(p.Arn) ?? [],
      usedAsBoundary,
    });
  });
  arr<{ resourceArn?: unknown; policy?: PolicyInput }>(ws.resourcePolicies).forEach((rp, i) => {
    if (!rp || typeof rp.resourceArn !== 'string') return;
    push(rp.policy, `${rp.resourceArn}#resource`, 'resource', { kind: 'resourcePolicy', arn: rp.resourceArn }, [
      'resourcePolicies',
      i,
      'policy',
    ]);
  });
  for (const kind of ['scps', 'rcps'] as const) {
    arr<PolicyInput[]>(ws.organization?.[kind]).forEach((level, l) => {
      arr<PolicyInput>(level).forEach((doc, i) => {
        const id = `${kind === 'scps' ? 'scp' : 'rcp'}/${l}/${i}`;
        push(doc, id, kind === 'scps' ? 'scp' : 'rcp', { kind: 'policy', arn: id }, ['organization', kind, l, i]);
      });
    });
  }
  return out;
}

/**
 * The key policies the workspace holds (`kmsKeys[].Policy`, as `aws kms get-key-policy` gives them), with the id
 * prepareWorkspace gives them (`KEY-ARN#keyPolicy`), so the KMS step cites lines of the user's file. Kept out of
 * policyDocuments (the findings' walk). A key without KeyMetadata.Arn is left out: its ARN is built at prepare time.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
 */
export function keyPolicyDocuments(ws: Workspace): PolicyDocument[] {
  const out: PolicyDocument[] = [];
  arr<{ KeyMetadata?: { Arn?: unknown }; Policy?: PolicyInput }>(ws.kmsKeys).forEach((k, i) => {
    const arn = k?.KeyMetadata?.Arn;
    if (typeof arn !== 'string' || k.Policy === undefined || k.Policy === null) return;
    out.push({
      policyId: `${arn}#keyPolicy`,
      policyType: 'resource',
      owner: { kind: 'resourcePolicy', arn },
      documentPath: ['kmsKeys', i, 'Policy'],
      input: k.Policy,
      isString: typeof k.Policy === 'string',
      attachedTo: [],
      usedAsBoundary: false,
    });
  });
  return out;
}
