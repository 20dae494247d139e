/**
 * Reads an AccessDenied error message as AWS prints it and pulls out who asked, for what, on what, and why AWS says
 * it was refused. Accepts the message alone or wrapped (CLI "An error occurred (AccessDenied) …", S3's XML body, an
 * SDK's JSON). Pure: no DOM, no engine.
 * Wording: https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
import type { PolicyType } from '../../../../policy-engine/model/index';
import { assumedRoleOf } from '../../../../policy-engine/index';

/** What an AccessDenied message says. */
export interface AccessDeniedInfo {
  /** The caller as printed: an ARN, or `anonymous`. */
  principal: string;
  action: string;
  resource: string;
  /** `explicitDeny` ("with an explicit deny in …") or `implicitDeny` ("because no … allows …"); null for the older form. */
  kind: 'explicitDeny' | 'implicitDeny' | null;
  /** Which policy type AWS names, when it names one. */
  policyType: PolicyType | null;
  /** The policy ARN AWS names after an explicit deny, when it does. */
  policyArn: string | null;
  /** The AWS error code when the message was wrapped in one (AccessDenied, AccessDeniedException). */
  code: string | null;
}

/** The parse result: the fields, or why the text could not be read. */
export type AccessDeniedParse = { ok: true; value: AccessDeniedInfo } | { ok: false; error: string };

/** The phrase AWS uses for each policy type, in its "because no … allows" and "explicit deny in …" forms. */
const POLICY_PHRASES: [RegExp, PolicyType][] = [
  [/identity-based polic/i, 'identity'],
  [/resource-based polic/i, 'resource'],
  [/permissions boundar/i, 'permissionsBoundary'],
  [/session polic/i, 'session'],
  [/service control polic/i, 'scp'],
  [/resource control polic/i, 'rcp'],
  [/VPC endpoint polic/i, 'resource'],
];

const MAX_INPUT = 100_000;

/** Unwraps S3's XML body or a JSON error so the core sentence can be read. */
function unwrap(text: string): { body: string; code: string | null } {
  let body = text.trim();
  let code: string | null = null;
  const xmlCode = /<Code>([^<]+)<\/Code>/i.exec(body);
  const xmlMessage = /<Message>([\s\S]*?)<\/Message>/i.exec(body);
  if (xmlMessage) {
    code = xmlCode?.[1] ?? null;
    body = xmlMessage[1]
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  }
  if (body.startsWith('{')) {
    try {
      const o = JSON.parse(body) as Record<string, unknown>;
      const m = o.message ?? o.Message ?? o.errorMessage;
      if (typeof m === 'string') body = m;
      const c = o.code ?? o.Code ?? o.__type ?? o.name;
      if (typeof c === 'string') code = c.replace(/^.*#/, '');
    } catch {
      // not JSON: read it as text
    }
  }
  const cli = /An error occurred \(([^)]+)\)[^:]*:\s*/.exec(body);
  if (cli) code = cli[1];
  return { body, code };
}

/**
 * Parses an AccessDenied message. Handles the current form (`… because no identity-based policy allows the X action`,
 * `… with an explicit deny in a resource-based policy`), the older form without a reason, quoted or bare resources.
 */
export function parseAccessDenied(text: string): AccessDeniedParse {
  if (typeof text !== 'string' || text.trim() === '')
    return { ok: false, error: 'Paste the error message AWS returned (it starts with "User: arn:…").' };
  if (text.length > MAX_INPUT)
    return {
      ok: false,
      error: `The text is ${text.length} characters long; paste just the error message (at most ${MAX_INPUT}).`,
    };
  const { body, code } = unwrap(text);
  const flat = body.replace(/\s+/g, ' ');
  const m =
    /User:\s*(\S+)\s+is not authorized to perform:\s*([\w-]+:[\w*-]+)\s+(?:on resource:\s*("[^"]*"|\S+))?\s*(.*)$/i.exec(
      flat,
    );
  if (!m) {
    if (/access ?denied/i.test(flat)) {
      return {
        ok: false,
        error:
          'This AccessDenied message does not name the caller, action and resource (S3 omits them for cross-account calls). Pick the identity, action and resource in the Access view instead.',
      };
    }
    return {
      ok: false,
      error: 'No "User: … is not authorized to perform: … on resource: …" sentence was found in the text.',
    };
  }
  const principal = m[1].replace(/[,.;]$/, '');
  const action = m[2];
  let resource = (m[3] ?? '*').trim();
  if (resource.startsWith('"')) resource = resource.slice(1, -1);
  resource = resource.replace(/[,.;]$/, '');
  const rest = m[4] ?? '';
  let kind: AccessDeniedInfo['kind'] = null;
  let policyType: PolicyType | null = null;
  let policyArn: string | null = null;
  const explicit = /with an explicit deny in (?:an? )?(.+?)(?::\s*(arn:\S+))?\s*$/i.exec(rest);
  const implicit = /because no (.+?) allows/i.exec(rest);
  if (explicit) {
    kind = 'explicitDeny';
    policyType = phraseType(explicit[1]);
    policyArn = explicit[2]?.replace(/[.,;]$/, '') ?? null;
  } else if (implicit) {
    kind = 'implicitDeny';
    policyType = phraseType(implicit[1]);
  }
  return { ok: true, value: { principal, action, resource, kind, policyType, policyArn, code } };
}

function phraseType(phrase: string): PolicyType | null {
  for (const [re, type] of POLICY_PHRASES) if (re.test(phrase)) return type;
  return null;
}

/** The caller as a Rolecall request principal: `anonymous` becomes `*`. */
export function requestPrincipal(info: Pick<AccessDeniedInfo, 'principal'>): string {
  return info.principal.toLowerCase() === 'anonymous' ? '*' : info.principal;
}

/** The role ARN of an assumed-role session ARN (`arn:aws:sts::1:assumed-role/R/S` → `arn:aws:iam::1:role/R`), else null. */
export function roleOfSession(
  arn: string,
): { roleName: string; accountId: string; sessionName: string; partition: string } | null {
  const m = assumedRoleOf(arn, { partition: 'nonEmpty', session: 'nonEmpty' });
  if (!m || !/^[\w-]+$/.test(m.partition)) return null;
  return { partition: m.partition, accountId: m.account, roleName: m.roleName, sessionName: m.sessionName };
}
