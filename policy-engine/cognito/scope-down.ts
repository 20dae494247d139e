/**
 * Cognito's scope-down session policies for guest (unauthenticated) identities in the enhanced flow, as versioned,
 * editable data (SEMANTICS.md §A3). The effective permissions are role ∩ session policies.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonCognitoUnAuthedIdentitiesSessionPolicy.html
 */
import type { PolicyInput, WorkspaceSettings } from '../model/workspace';

/** The id (and, for the managed one, the ARN) the session policies carry in answers. */
export const SCOPE_DOWN_IDS = {
  inline: 'cognito-scope-down#inline',
  managed: 'arn:aws:iam::aws:policy/AmazonCognitoUnAuthedIdentitiesSessionPolicy',
  combined: 'cognito-scope-down#inline+managed',
  intersection: 'cognito-scope-down#inline-and-managed',
} as const;

/**
 * The inline scope-down as an IAM policy: every action of the services the 2023 iam-roles page lists for guests
 * (S3 and DynamoDB included), on "*". KMS and SageMaker/Textract/Sumerian are limited to the listed actions.
 */
const INLINE_2023 = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'CognitoGuestScopeDownServices',
      Effect: 'Allow',
      Action: [
        'firehose:*',
        'kinesisanalytics:*', // Analytics
        'sqs:*', // Application integration
        'sumerian:View*', // AR & VR
        'mobileanalytics:*',
        'ses:*', // Business applications
        'lambda:*', // Compute
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:ReEncrypt*',
        'kms:GenerateDataKey*', // Cryptography
        'dynamodb:*',
        'sdb:*', // Database
        'appsync:*',
        'geo:*',
        'sns:*', // Front-end web & mobile
        'gamelift:*', // Game development
        'iot:*', // IoT
        'codewhisperer:*',
        'comprehend:*',
        'lex:*',
        'machinelearning:*',
        'personalize:*',
        'polly:*',
        'rekognition:*',
        'sagemaker:InvokeEndpoint',
        'textract:DetectDocumentText',
        'textract:AnalyzeDocument',
        'transcribe:*',
        'translate:*', // Machine learning
        'cloudwatch:*',
        'logs:*', // Management
        'execute-api:*', // Networking (API Gateway)
        'cognito-identity:*',
        'cognito-idp:*',
        'cognito-sync:*', // Security & identity
        's3:*', // Storage
      ],
      Resource: '*',
    },
  ],
};

/** AmazonCognitoUnAuthedIdentitiesSessionPolicy v3 (2024-11-01): no S3 and no DynamoDB. */
const MANAGED_V3 = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'CognitoUnAuthedIdentitiesSessionPolicy',
      Effect: 'Allow',
      Action: [
        'rum:PutRumEvents',
        'sagemaker:InvokeEndpoint',
        'polly:*',
        'comprehend:*',
        'translate:*',
        'transcribe:*',
        'rekognition:*',
        'mobiletargeting:*',
        'firehose:*',
        'personalize:*',
        'geo:GetMap*',
        'geo:SearchPlaceIndex*',
        'geo:GetPlace',
        'geo:CalculateRoute*',
        'geo:*Geofence',
        'geo:*Geofences',
        'geo:*DevicePosition*',
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:ReEncryptTo',
        'kms:ReEncryptFrom',
        'kms:GenerateDataKey',
        'kms:GenerateDataKeyPair',
        'kms:GenerateDataKeyPairWithoutPlaintext',
        'kms:GenerateDataKeyWithoutPlaintext',
      ],
      Resource: '*',
    },
  ],
};

/** One version of the shipped scope-down pair. */
export interface ScopeDownVersion {
  version: string;
  inline: object;
  managed: object;
  /** Where each came from. */
  sources: { inline: string; managed: string };
}

/** The shipped versions, newest first. */
export const SCOPE_DOWN_VERSIONS: readonly ScopeDownVersion[] = [
  {
    version: '2024-11-01',
    inline: INLINE_2023,
    managed: MANAGED_V3,
    sources: {
      inline:
        'Cognito developer guide iam-roles.md (June 2023), table of services allowed for unauthenticated identities',
      managed: 'AWS managed policy reference, AmazonCognitoUnAuthedIdentitiesSessionPolicy v3 (2024-11-01)',
    },
  },
];

/** The default scope-down pair (the newest shipped version). */
export const GUEST_SCOPE_DOWN: ScopeDownVersion & { inlinePolicyId: string; managedPolicyArn: string } = {
  ...SCOPE_DOWN_VERSIONS[0],
  inlinePolicyId: SCOPE_DOWN_IDS.inline,
  managedPolicyArn: SCOPE_DOWN_IDS.managed,
};

/** The session policies a guest session carries, as CallerPrincipal.sessionPolicies wants them. */
export interface GuestSessionPolicies {
  policies: { policyId: string; document: PolicyInput }[];
  notes: string[];
}

/**
 * The guest session policies for the workspace settings: "inline-or-managed" (default) passes ONE document whose
 * statements are the union of both, so role ∩ (inline ∪ managed); "inline-and-managed" passes both, each must allow;
 * "off" passes none. settings.scopeDownPolicies replaces the shipped documents.
 */
export function guestSessionPolicies(settings: WorkspaceSettings | undefined): GuestSessionPolicies {
  const notes: string[] = [];
  const mode = settings?.guestScopeDown ?? 'inline-or-managed';
  if (mode === 'off')
    return {
      policies: [],
      notes: ["Guest scope-down is off (settings.guestScopeDown): only the role's policies limit the guest."],
    };
  let base = SCOPE_DOWN_VERSIONS[0];
  if (settings?.scopeDownVersion) {
    const found = SCOPE_DOWN_VERSIONS.find((v) => v.version === settings.scopeDownVersion);
    if (found) base = found;
    else
      notes.push(
        `Scope-down version "${settings.scopeDownVersion}" is not shipped; used ${base.version} (shipped: ${SCOPE_DOWN_VERSIONS.map((v) => v.version).join(', ')}).`,
      );
  }
  const inline: PolicyInput = (settings?.scopeDownPolicies?.inline ?? base.inline) as PolicyInput;
  const managed: PolicyInput = (settings?.scopeDownPolicies?.managed ?? base.managed) as PolicyInput;
  if (mode === 'inline-and-managed') {
    // IAM ORs the session policies of one session (access_policies.md), so "both must allow" is passed as ONE
    // policy allowing only the actions both allow.
    if (!settings?.scopeDownPolicies && base === SCOPE_DOWN_VERSIONS[0])
      return { policies: [{ policyId: SCOPE_DOWN_IDS.intersection, document: DEFAULT_INTERSECTION }], notes };
    const both = intersect(inline, managed);
    if (both) return { policies: [{ policyId: SCOPE_DOWN_IDS.intersection, document: both }], notes };
    notes.push(
      'The custom scope-down policies are not plain "Allow actions on *" policies, so their intersection could not be built; they were passed as two session policies, which IAM ORs (as inline-or-managed).',
    );
    return {
      policies: [
        { policyId: SCOPE_DOWN_IDS.inline, document: inline },
        { policyId: SCOPE_DOWN_IDS.managed, document: managed },
      ],
      notes,
    };
  }
  // The shipped pair is combined once, so compiled session policies can be cached by document identity.
  if (!settings?.scopeDownPolicies && base === SCOPE_DOWN_VERSIONS[0])
    return { policies: [{ policyId: SCOPE_DOWN_IDS.combined, document: DEFAULT_COMBINED }], notes };
  const combined = combine(inline, managed);
  if (!combined) {
    notes.push('A custom scope-down policy could not be read as a JSON policy; the two were passed separately.');
    return {
      policies: [
        { policyId: SCOPE_DOWN_IDS.inline, document: inline },
        { policyId: SCOPE_DOWN_IDS.managed, document: managed },
      ],
      notes,
    };
  }
  return { policies: [{ policyId: SCOPE_DOWN_IDS.combined, document: combined }], notes };
}

/** The shipped inline ∩ managed, as one document (computed once; never mutated). */
const DEFAULT_INTERSECTION: Record<string, unknown> = Object.freeze(intersect(INLINE_2023, MANAGED_V3) ?? {});

/** The shipped inline ∪ managed, as one document (computed once; never mutated). */
const DEFAULT_COMBINED: Record<string, unknown> = Object.freeze({
  Version: '2012-10-17',
  Statement: [...INLINE_2023.Statement, ...MANAGED_V3.Statement],
});

/**
 * One policy allowing the actions both policies allow, for plain policies (Allow, Action list, Resource "*", no
 * Condition); null otherwise. Action patterns intersect when one contains the other.
 */
function intersect(a: PolicyInput, b: PolicyInput): Record<string, unknown> | null {
  const xa = plainActions(a);
  const xb = plainActions(b);
  if (!xa || !xb) return null;
  const out: string[] = [];
  const add = (x: string) => {
    if (!out.includes(x)) out.push(x);
  };
  for (const x of xa) {
    for (const y of xb) {
      if (subsumes(y, x)) add(x);
      else if (subsumes(x, y)) add(y);
    }
  }
  return {
    Version: '2012-10-17',
    Statement: out.length ? [{ Sid: 'CognitoGuestScopeDownBoth', Effect: 'Allow', Action: out, Resource: '*' }] : [],
  };
}

/** The actions of a policy made only of unconditional Allow statements on "*"; null otherwise. */
function plainActions(p: PolicyInput): string[] | null {
  const sts = statementsOf(p);
  if (!sts) return null;
  const out: string[] = [];
  for (const raw of sts) {
    if (!raw || typeof raw !== 'object') return null;
    const st = raw as Record<string, unknown>;
    const res = Array.isArray(st.Resource) ? st.Resource : [st.Resource];
    if (
      st.Effect !== 'Allow' ||
      st.Condition !== undefined ||
      st.NotAction !== undefined ||
      st.NotResource !== undefined ||
      !res.includes('*')
    )
      return null;
    const acts = Array.isArray(st.Action) ? st.Action : [st.Action];
    if (!acts.every((x) => typeof x === 'string')) return null;
    out.push(...(acts as string[]));
  }
  return out;
}

/** Whether action pattern `general` matches every action `specific` matches (its `*` taken literally). */
function subsumes(general: string, specific: string): boolean {
  const g = general.toLowerCase();
  const s = specific.toLowerCase();
  // Classic glob matching with backtracking over the last '*'.
  let gi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (gi < g.length && g[gi] === '*') {
      star = gi++;
      mark = si;
    } else if (gi < g.length && (g[gi] === s[si] || (g[gi] === '?' && s[si] !== '*'))) {
      gi++;
      si++;
    } else if (star >= 0) {
      gi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (gi < g.length && g[gi] === '*') gi++;
  return gi === g.length;
}

/** One policy whose statements are those of both (a logical OR within the session-policy set). */
function combine(a: PolicyInput, b: PolicyInput): Record<string, unknown> | null {
  const sa = statementsOf(a);
  const sb = statementsOf(b);
  if (!sa || !sb) return null;
  return { Version: '2012-10-17', Statement: [...sa, ...sb] };
}

/** The statements of a policy given as an object, JSON string or URL-encoded JSON string. */
function statementsOf(p: PolicyInput): unknown[] | null {
  let doc: unknown = p;
  if (typeof p === 'string') {
    try {
      doc = JSON.parse(p.trim().startsWith('%7B') || p.trim().startsWith('%7b') ? decodeURIComponent(p) : p);
    } catch {
      return null;
    }
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return null;
  const st = (doc as Record<string, unknown>).Statement;
  if (Array.isArray(st)) return st;
  if (st && typeof st === 'object') return [st];
  return null;
}
