/**
 * IAM-like validation of a parsed policy: what IAM would reject (errors) and what is likely a mistake (warnings),
 * each with a stable code, the JSON path and the line/column.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_policy-validator-reference.html
 */
import { deadConditions } from './dead-conditions';
import type { Diagnostic } from '../model/diagnostic';
import type { Range } from '../model/request';
import {
  conditionKeyType,
  isKnownService,
  actionNamesOf,
  didYouMeanAction,
  lookupAction,
  resourceTypeMatcher,
  type Catalog,
} from '../catalog';
import { compileCondition } from '../evaluate/conditions';
import { compileActionPattern, splitArn } from '../evaluate/patterns';
import type { ParsedPolicy, ParsedStatement, PolicyString, PrincipalElement } from './parse';

/** The two policy language versions: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html */
export const policyVersions = ['2012-10-17', '2008-10-17'] as const;

/** Whether policy variables are recognised in this policy (Version 2012-10-17 only). */
export function variablesEnabled(p: Pick<ParsedPolicy, 'version'>): boolean {
  return p.version === '2012-10-17';
}

const topLevelElements = new Set(['Version', 'Id', 'Statement']);
const actionShape = /^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/;
const principalAccount = /^\d{12}$/;
const uniqueId = /^A[A-Z]{3}[A-Z0-9]{12,}$/;

/**
 * Validates a parsed policy against IAM's grammar and the catalog. Returns the parse diagnostics followed by the
 * validation ones, so an editor can show this list as is.
 */
export function validatePolicy(p: ParsedPolicy, catalog: Catalog): Diagnostic[] {
  const out: Diagnostic[] = [...p.diagnostics];
  const base = { policyId: p.policyId, ...(p.file !== undefined ? { file: p.file } : {}) };
  const add = (severity: Diagnostic['severity'], code: string, message: string, path: string, range?: Range) => {
    out.push({ severity, code, message, path, ...(range ? { range } : {}), ...base });
  };
  if (p.diagnostics.some((d) => d.code === 'policy.invalid-json' || d.code === 'policy.too-large')) return out;
  for (const name of p.elements) {
    if (!topLevelElements.has(name))
      add(
        'error',
        'policy.unknown-element',
        `Unknown top-level element ${JSON.stringify(name)} (expected Version, Id, Statement).`,
        name,
      );
  }
  const vars = variablesEnabled(p);
  if (p.version === null) {
    if (p.elements.includes('Statement')) {
      add(
        'warning',
        'policy.missing-version',
        'The policy has no Version: IAM reads it as 2008-10-17, where policy variables such as ${aws:username} are literal text. Add "Version": "2012-10-17".',
        'Version',
      );
    }
  } else if (!(policyVersions as readonly string[]).includes(p.version)) {
    add(
      'error',
      'policy.invalid-version',
      `Version must be "2012-10-17" or "2008-10-17", not ${JSON.stringify(p.version)}.`,
      'Version',
      p.versionRange,
    );
  }
  if (!vars && p.text.includes('${')) {
    add(
      'warning',
      'policy.variable-literal',
      'This policy uses ${…} but its Version is not 2012-10-17, so the variables are matched as literal text.',
      'Version',
      p.versionRange,
    );
  }
  const sids = new Map<string, number>();
  const typesFor = resourceTypeMatcher(catalog);
  for (const st of p.statements) {
    if (st.sid !== undefined) {
      if (sids.has(st.sid))
        add(
          'warning',
          'policy.duplicate-sid',
          `Sid ${JSON.stringify(st.sid)} is also used by statement ${sids.get(st.sid)}; Sids should be unique within a policy.`,
          `${st.path}.Sid`,
          st.range,
        );
      else sids.set(st.sid, st.index);
      // IAM identity policies allow only ASCII letters and digits in a Sid: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
      if ((p.policyType === 'identity' || p.policyType === 'permissionsBoundary') && !/^[A-Za-z0-9]*$/.test(st.sid)) {
        add(
          'warning',
          'policy.invalid-sid',
          `IAM accepts only letters and digits in the Sid of an identity policy; ${JSON.stringify(st.sid)} would be rejected.`,
          `${st.path}.Sid`,
          st.range,
        );
      }
    }
    for (const a of [...(st.action ?? []), ...(st.notAction ?? [])]) checkAction(a, catalog, add);
    for (const r of [...(st.resource ?? []), ...(st.notResource ?? [])]) checkResource(r, vars, add);
    if (st.principal) checkPrincipal(st.principal, add);
    if (st.notPrincipal) {
      checkPrincipal(st.notPrincipal, add);
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
      if (st.effect === 'Allow')
        add(
          'warning',
          'policy.notprincipal-allow',
          'NotPrincipal with Allow grants access to everyone not listed (including anonymous users); AWS strongly recommends against it.',
          st.notPrincipal.path,
          st.notPrincipal.range,
        );
    }
    for (const spec of st.conditions) {
      const r = compileCondition(spec, { variablesEnabled: vars, keyType: (k) => conditionKeyType(catalog, k) });
      const issues = r.ok ? r.warnings : r.errors;
      for (const d of issues)
        out.push({
          ...d,
          ...base,
          path: d.path || spec.path,
          ...(d.range || spec.range ? { range: d.range ?? spec.range } : {}),
        });
      const keyLower = spec.key.toLowerCase();
      const svc = keyLower.split(':')[0];
      if (
        r.ok &&
        (svc === 'aws' || svc === 's3' || svc === 'dynamodb' || svc === 'sts') &&
        conditionKeyType(catalog, keyLower) === undefined
      ) {
        add(
          'warning',
          'policy.unknown-condition-key',
          `Unknown condition key ${JSON.stringify(spec.key)}: no AWS request carries it, so the condition sees it as missing.`,
          spec.path,
          spec.range,
        );
      }
    }
    // A condition on a key the action never carries: the statement can never match (Allow) / never applies (Deny).
    for (const d of deadConditions(st, catalog))
      add('warning', 'policy.dead-condition', d.message, d.condition.path, d.condition.range);
    checkResourceFit(st, catalog, typesFor, add);
  }
  return out;
}

type Add = (severity: Diagnostic['severity'], code: string, message: string, path: string, range?: Range) => void;

function checkAction(a: PolicyString, catalog: Catalog, add: Add): void {
  const v = a.value;
  if (v === '*') return;
  if (v.includes('${')) {
    // Variables are not substituted in Action: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    add(
      'error',
      'policy.variable-not-allowed',
      `Policy variables cannot be used in Action: ${JSON.stringify(v)}.`,
      a.path,
      a.range,
    );
    return;
  }
  if (!actionShape.test(v)) {
    add(
      'error',
      'policy.invalid-action',
      `${JSON.stringify(v)} is not an action: write service:ActionName (wildcards * and ? allowed), e.g. "s3:GetObject".`,
      a.path,
      a.range,
    );
    return;
  }
  const [service, name] = v.split(':');
  if (!isKnownService(catalog, service)) {
    add(
      'warning',
      'policy.unknown-service',
      `Unknown service prefix ${JSON.stringify(service)} in ${JSON.stringify(v)}${/[*?]/.test(name) ? '.' : didYouMeanAction(catalog, v) || '.'}`,
      a.path,
      a.range,
    );
    return;
  }
  if (!/[*?]/.test(name)) {
    if (!lookupAction(catalog, v))
      add(
        'warning',
        'policy.unknown-action',
        `Unknown action ${JSON.stringify(v)}: ${service} has no action named ${JSON.stringify(name)}${didYouMeanAction(catalog, v) || '.'}`,
        a.path,
        a.range,
      );
    return;
  }
  const m = compileActionPattern(v);
  if (!actionNamesOf(catalog, service).some((n) => m(`${service}:${n}`.toLowerCase()))) {
    add(
      'warning',
      'policy.action-matches-nothing',
      `${JSON.stringify(v)} matches no ${service} action.`,
      a.path,
      a.range,
    );
  }
}

function checkResource(r: PolicyString, vars: boolean, add: Add): void {
  const v = r.value;
  if (v === '*') return;
  const parts = splitArn(v);
  if (!parts) {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
    add(
      'error',
      'policy.invalid-arn',
      `Resource ${JSON.stringify(v)} is not an ARN (arn:partition:service:region:account:resource) or "*".`,
      r.path,
      r.range,
    );
    return;
  }
  if (vars) {
    const head = v.slice(0, v.length - parts.resource.length);
    if (head.includes('${'))
      add(
        'warning',
        'policy.variable-not-allowed',
        `Policy variables are substituted only in the resource part of an ARN (after the fifth colon); ${JSON.stringify(v)} is matched literally before it.`,
        r.path,
        r.range,
      );
  }
}

const principalArn =
  /^arn:[a-z-]+:(iam::\d{12}:(root|user\/.+|role\/.+|federated-user\/.+|oidc-provider\/.+|saml-provider\/.+)|sts::\d{12}:(assumed-role\/[^/]+\/.+|federated-user\/.+))$/;

function checkPrincipal(el: PrincipalElement, add: Add): void {
  for (const e of el.entries) {
    const v = e.value;
    if (v.includes('${')) {
      add(
        'error',
        'policy.variable-not-allowed',
        `Policy variables cannot be used in a Principal: ${JSON.stringify(v)}.`,
        e.path,
        e.range,
      );
      continue;
    }
    if (e.type === 'AWS') {
      if (v === '*' || principalAccount.test(v) || uniqueId.test(v)) continue;
      // The legacy CloudFront origin access identity principal, still valid in bucket policies:
      // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
      if (/^arn:aws[a-z-]*:iam::cloudfront:user\/CloudFront Origin Access Identity [A-Z0-9]+$/.test(v)) continue;
      if (v.includes('*') || v.includes('?')) {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous
        add(
          'error',
          'policy.invalid-principal',
          `Wildcards are not allowed inside a principal ARN (${JSON.stringify(v)}); use "*" with an aws:PrincipalArn condition.`,
          e.path,
          e.range,
        );
      } else if (!principalArn.test(v)) {
        add(
          'error',
          'policy.invalid-principal',
          `${JSON.stringify(v)} is not a valid AWS principal (account id, or an IAM user, role, root, or STS session ARN).`,
          e.path,
          e.range,
        );
      }
    } else if (e.type === 'Service' && v !== '*' && !/\.amazonaws\.com(\.cn)?$|\.amazon\.com$/.test(v)) {
      add(
        'warning',
        'policy.invalid-principal',
        `Service principal ${JSON.stringify(v)} does not look like a service name (e.g. "lambda.amazonaws.com").`,
        e.path,
        e.range,
      );
    }
  }
}

/** Warns when an Allow lists exact detailed actions none of whose resource types any literal Resource entry fits (e.g. s3:GetObject on a bucket ARN). */
function checkResourceFit(
  st: ParsedStatement,
  catalog: Catalog,
  typesFor: (a: string, r: string) => string[],
  add: Add,
): void {
  if (!st.valid || !st.action || !st.resource) return;
  const literal = st.resource.filter((r) => !/[*?]|\$\{/.test(r.value));
  if (literal.length !== st.resource.length) return;
  for (const a of st.action) {
    if (/[*?]/.test(a.value)) continue;
    const info = lookupAction(catalog, a.value);
    if (!info || !info.detailed) continue;
    if (!literal.some((r) => typesFor(a.value, r.value).length > 0)) {
      const expect =
        info.resourceTypes.length === 0
          ? 'it applies only to Resource "*"'
          : `it acts on ${info.resourceTypes.map((t) => t.name).join(' / ')} resources`;
      add(
        'warning',
        'policy.resource-mismatch',
        `${info.fullName} can never match these resources: ${expect}.`,
        a.path,
        a.range,
      );
    }
  }
}
