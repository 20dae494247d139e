/**
 * Parses an IAM policy document with source ranges (jsonc-parser's tree), never throwing.
 * Accepts an object, a JSON string or a URL-encoded JSON string (as the IAM APIs return documents).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Diagnostic } from '../model/diagnostic';
import type { PolicyType, Range } from '../model/request';
import type { PolicyInput } from '../model/workspace';
import type { ConditionSpec } from '../evaluate/conditions';
import { childPath, lineMap, nodeKind, properties, type LineMap } from './json-tree';
import { findTooDeep, shortJsonPath, tooDeepMessage } from '../json-text';

/** A string value of a policy element, with where it is. */
export interface PolicyString {
  value: string;
  range: Range;
  path: string;
}

/** One principal entry, e.g. `{ "AWS": "arn:aws:iam::1:role/R" }` → type AWS. */
export interface PrincipalEntry extends PolicyString {
  type: string;
  /** The value as AWS stores it: a bare 12-digit account id becomes `arn:aws:iam::ID:root`. */
  normalized: string;
}

/** A Principal or NotPrincipal element. */
export interface PrincipalElement {
  /** `"*"` or `{"AWS": "*"}`: everyone, including anonymous callers. */
  wildcard: boolean;
  entries: PrincipalEntry[];
  range: Range;
  path: string;
}

/** One statement, as written. */
export interface ParsedStatement {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  range: Range;
  path: string;
  principal?: PrincipalElement;
  notPrincipal?: PrincipalElement;
  action?: PolicyString[];
  notAction?: PolicyString[];
  resource?: PolicyString[];
  notResource?: PolicyString[];
  conditions: ConditionSpec[];
  /** False when the statement cannot be evaluated (reported in diagnostics; skipped during evaluation). */
  valid: boolean;
  /** Statement element names as written, for validation (unknown elements etc.). */
  elements: string[];
}

/** A parsed policy document. */
export interface ParsedPolicy {
  policyId: string;
  policyType: PolicyType;
  /** The text positions refer to (what the editor shows). */
  text: string;
  version: string | null;
  statements: ParsedStatement[];
  diagnostics: Diagnostic[];
  file?: string;
  /** The range of the Version value, when present. */
  versionRange?: Range;
  /** Top-level element names as written. */
  elements: string[];
}

const urlEncodedStart = /^\s*%7B/i;

/** Decodes a URL-encoded policy document (IAM's GetRolePolicy etc. return them so). */
function decodeIfUrlEncoded(text: string): string {
  if (!urlEncodedStart.test(text)) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The text a policy input stands for: strings as given (URL-decoded when encoded), objects pretty-printed. */
export function policyText(input: PolicyInput): string {
  if (typeof input === 'string') return decodeIfUrlEncoded(input);
  try {
    return JSON.stringify(input, null, 2) ?? 'null';
  } catch {
    return 'null';
  }
}

/** Largest policy text parsed (IAM's largest managed policy is 6,144 characters; this bounds hostile input). */
export const maxPolicyChars = 1_000_000;

/** Parses a policy document. Never throws; problems become diagnostics and invalid statements. */
export function parsePolicy(
  input: PolicyInput,
  meta: { policyId: string; policyType: PolicyType; file?: string; text?: string },
): ParsedPolicy {
  // `text`: the document as the user wrote it (workspace/source-map), when the file's text is at hand.
  const text = meta.text ?? policyText(input);
  const diagnostics: Diagnostic[] = [];
  const lm = lineMap(text);
  const base = { policyId: meta.policyId, ...(meta.file !== undefined ? { file: meta.file } : {}) };
  const report = (severity: Diagnostic['severity'], code: string, message: string, path: string, range?: Range) => {
    diagnostics.push({ severity, code, message, path, ...(range ? { range } : {}), ...base });
  };
  const result: ParsedPolicy = {
    policyId: meta.policyId,
    policyType: meta.policyType,
    text,
    version: null,
    statements: [],
    diagnostics,
    elements: [],
    ...(meta.file !== undefined ? { file: meta.file } : {}),
  };
  if (text.length > maxPolicyChars) {
    report(
      'error',
      'policy.too-large',
      `The policy document is ${text.length} characters long; Rolecall reads at most ${maxPolicyChars}.`,
      '',
    );
    return result;
  }
  // Nesting is bounded before parsing (the parser recurses once per level); IAM's grammar nests about 6 levels.
  const deep = findTooDeep(text);
  if (deep) {
    report(
      'error',
      'policy.too-deep',
      `The policy document is ${tooDeepMessage()}.`,
      shortJsonPath(deep.path),
      lm.range(deep.offset, 1),
    );
    return result;
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    for (const e of errors.slice(0, 5)) {
      const r = lm.range(e.offset, Math.max(e.length, 1));
      report(
        'error',
        'policy.invalid-json',
        `The policy is not valid JSON: ${printParseErrorCode(e.error)} at line ${r.start.line}, column ${r.start.column}.`,
        '',
        r,
      );
    }
    if (errors.length === 0) report('error', 'policy.invalid-json', 'The policy document is empty.', '');
    return result;
  }
  if (root.type !== 'object') {
    report(
      'error',
      'policy.invalid-shape',
      `A policy document must be a JSON object, not ${nodeKind(root)}.`,
      '',
      lm.range(root.offset, root.length),
    );
    return result;
  }
  let statementNode: Node | undefined;
  for (const { name, value } of properties(root)) {
    result.elements.push(name);
    if (name === 'Version') {
      if (value.type === 'string') {
        result.version = value.value as string;
        result.versionRange = lm.range(value.offset, value.length);
      } else
        report(
          'error',
          'policy.invalid-version',
          'Version must be a string ("2012-10-17").',
          'Version',
          lm.range(value.offset, value.length),
        );
    } else if (name === 'Statement') statementNode = value;
  }
  if (!statementNode) {
    report('error', 'policy.missing-statement', 'The policy has no Statement element.', '', lm.range(root.offset, 1));
    return result;
  }
  const single = statementNode.type === 'object';
  const nodes = single ? [statementNode] : statementNode.type === 'array' ? (statementNode.children ?? []) : [];
  if (!single && statementNode.type !== 'array') {
    report(
      'error',
      'policy.invalid-shape',
      `Statement must be an object or an array of objects, not ${nodeKind(statementNode)}.`,
      'Statement',
      lm.range(statementNode.offset, statementNode.length),
    );
  }
  nodes.forEach((node, index) => {
    const path = single ? 'Statement' : `Statement[${index}]`;
    result.statements.push(parseStatement(node, index, path, lm, report, meta.policyType));
  });
  return result;
}

type Report = (severity: Diagnostic['severity'], code: string, message: string, path: string, range?: Range) => void;

const accountId = /^\d{12}$/;

/** Reads a string-or-array-of-strings element. Returns null (and reports) when the shape is wrong. */
function stringList(node: Node, path: string, lm: LineMap, report: Report, element: string): PolicyString[] | null {
  if (node.type === 'string') return [{ value: node.value as string, range: lm.range(node.offset, node.length), path }];
  if (node.type === 'array') {
    const out: PolicyString[] = [];
    let ok = true;
    (node.children ?? []).forEach((child, i) => {
      const p = `${path}[${i}]`;
      if (child.type === 'string')
        out.push({ value: child.value as string, range: lm.range(child.offset, child.length), path: p });
      else {
        ok = false;
        report(
          'error',
          'policy.invalid-shape',
          `${element} values must be strings, not ${nodeKind(child)}.`,
          p,
          lm.range(child.offset, child.length),
        );
      }
    });
    if (out.length === 0 && ok)
      report(
        'error',
        'policy.empty-element',
        `${element} is an empty array.`,
        path,
        lm.range(node.offset, node.length),
      );
    return ok && out.length > 0 ? out : null;
  }
  report(
    'error',
    'policy.invalid-shape',
    `${element} must be a string or an array of strings, not ${nodeKind(node)}.`,
    path,
    lm.range(node.offset, node.length),
  );
  return null;
}

/** Reads a Principal/NotPrincipal element. */
function principalElement(
  node: Node,
  path: string,
  lm: LineMap,
  report: Report,
  element: string,
): PrincipalElement | null {
  const range = lm.range(node.offset, node.length);
  if (node.type === 'string') {
    if (node.value === '*') return { wildcard: true, entries: [], range, path };
    report(
      'error',
      'policy.invalid-principal',
      `${element} must be "*" or an object such as {"AWS": "arn:…"}; got the string ${JSON.stringify(node.value)}.`,
      path,
      range,
    );
    return null;
  }
  if (node.type !== 'object') {
    report('error', 'policy.invalid-shape', `${element} must be "*" or an object, not ${nodeKind(node)}.`, path, range);
    return null;
  }
  const out: PrincipalElement = { wildcard: false, entries: [], range, path };
  let ok = true;
  for (const { name, value } of properties(node)) {
    const p = childPath(path, name);
    if (!['AWS', 'Federated', 'Service', 'CanonicalUser'].includes(name)) {
      report(
        'error',
        'policy.invalid-principal',
        `Unknown principal type ${JSON.stringify(name)} (expected AWS, Federated, Service or CanonicalUser).`,
        p,
        lm.range(value.offset, value.length),
      );
      ok = false;
      continue;
    }
    const values = stringList(value, p, lm, report, `${element}.${name}`);
    if (!values) {
      ok = false;
      continue;
    }
    for (const v of values) {
      // A bare account id stands for the account root: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
      const normalized = name === 'AWS' && accountId.test(v.value) ? `arn:aws:iam::${v.value}:root` : v.value;
      if (name === 'AWS' && v.value === '*') out.wildcard = true;
      out.entries.push({ ...v, type: name, normalized });
    }
  }
  if (out.entries.length === 0 && ok) {
    report('error', 'policy.empty-element', `${element} names no principal.`, path, range);
    return null;
  }
  return ok ? out : null;
}

/** Reads a Condition element into one spec per operator/key pair. */
function conditionBlock(node: Node, path: string, lm: LineMap, report: Report): ConditionSpec[] | null {
  if (node.type !== 'object') {
    report(
      'error',
      'policy.invalid-shape',
      `Condition must be an object, not ${nodeKind(node)}.`,
      path,
      lm.range(node.offset, node.length),
    );
    return null;
  }
  const specs: ConditionSpec[] = [];
  let ok = true;
  for (const { name: operator, value: block } of properties(node)) {
    const opPath = childPath(path, operator);
    if (block.type !== 'object') {
      report(
        'error',
        'policy.invalid-shape',
        `Condition operator ${operator} must map to an object of keys, not ${nodeKind(block)}.`,
        opPath,
        lm.range(block.offset, block.length),
      );
      ok = false;
      continue;
    }
    for (const { name: key, value, prop } of properties(block)) {
      const keyPath = childPath(opPath, key);
      let values: string[] | null = null;
      const scalar = (n: Node) =>
        n.type === 'string'
          ? (n.value as string)
          : n.type === 'number' || n.type === 'boolean'
            ? String(n.value)
            : null;
      if (value.type === 'array') {
        values = [];
        for (const child of value.children ?? []) {
          const s = scalar(child);
          if (s === null) {
            values = null;
            break;
          }
          values.push(s);
        }
      } else {
        const s = scalar(value);
        values = s === null ? null : [s];
      }
      if (values === null) {
        report(
          'error',
          'policy.invalid-shape',
          `Condition values must be strings, numbers or booleans (or an array of them).`,
          keyPath,
          lm.range(value.offset, value.length),
        );
        ok = false;
        continue;
      }
      specs.push({ operator, key, values, path: keyPath, range: lm.range(prop.offset, prop.length) });
    }
  }
  return ok ? specs : null;
}

/** The elements a policy statement may have. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html */
export const STATEMENT_ELEMENTS: readonly string[] = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
];
const knownStatementElements = new Set(STATEMENT_ELEMENTS);

function parseStatement(
  node: Node,
  index: number,
  path: string,
  lm: LineMap,
  report: Report,
  policyType: PolicyType,
): ParsedStatement {
  const range = lm.range(node.offset, node.length);
  const st: ParsedStatement = { index, effect: 'Deny', range, path, conditions: [], valid: true, elements: [] };
  if (node.type !== 'object') {
    report('error', 'policy.invalid-shape', `A statement must be an object, not ${nodeKind(node)}.`, path, range);
    st.valid = false;
    return st;
  }
  let effectSeen = false;
  const seen = new Set<string>();
  for (const { name, value } of properties(node)) {
    const p = childPath(path, name);
    const vr = lm.range(value.offset, value.length);
    st.elements.push(name);
    if (seen.has(name)) {
      report('error', 'policy.duplicate-element', `The statement has ${name} twice; AWS rejects such a policy.`, p, vr);
      st.valid = false;
    }
    seen.add(name);
    if (!knownStatementElements.has(name)) {
      report('error', 'policy.unknown-element', `Unknown statement element ${JSON.stringify(name)}.`, p, vr);
      st.valid = false;
      continue;
    }
    switch (name) {
      case 'Sid':
        if (value.type === 'string') st.sid = value.value as string;
        else report('error', 'policy.invalid-shape', 'Sid must be a string.', p, vr);
        break;
      case 'Effect':
        if (value.value === 'Allow' || value.value === 'Deny') {
          st.effect = value.value;
          effectSeen = true;
        } else {
          report(
            'error',
            'policy.invalid-effect',
            `Effect must be "Allow" or "Deny" (case-sensitive), not ${JSON.stringify(value.value ?? nodeKind(value))}.`,
            p,
            vr,
          );
          st.valid = false;
          effectSeen = true;
          // Skipped either way; remember what the author meant ("allow"/"deny"), so a skipped Deny can be flagged.
          if (typeof value.value === 'string' && /^(allow|deny)$/i.test(value.value))
            st.effect = value.value.toLowerCase() === 'allow' ? 'Allow' : 'Deny';
        }
        break;
      case 'Principal':
      case 'NotPrincipal': {
        const el = principalElement(value, p, lm, report, name);
        if (!el) st.valid = false;
        else if (name === 'Principal') st.principal = el;
        else st.notPrincipal = el;
        break;
      }
      case 'Action':
      case 'NotAction':
      case 'Resource':
      case 'NotResource': {
        const list = stringList(value, p, lm, report, name);
        if (!list) st.valid = false;
        else if (name === 'Action') st.action = list;
        else if (name === 'NotAction') st.notAction = list;
        else if (name === 'Resource') st.resource = list;
        else st.notResource = list;
        break;
      }
      case 'Condition': {
        const specs = conditionBlock(value, p, lm, report);
        if (!specs) st.valid = false;
        else st.conditions = specs;
        break;
      }
    }
  }
  if (!effectSeen) {
    report('error', 'policy.missing-effect', 'The statement has no Effect ("Allow" or "Deny").', path, range);
    st.valid = false;
  }
  checkElements(st, seen, policyType, report);
  return st;
}

const identityLike = new Set<PolicyType>(['identity', 'permissionsBoundary', 'session', 'scp']);

/** Element combinations IAM rejects, by policy type (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html). */
function checkElements(st: ParsedStatement, seen: Set<string>, policyType: PolicyType, report: Report): void {
  const fail = (code: string, message: string) => {
    report('error', code, message, st.path, st.range);
    st.valid = false;
  };
  if (seen.has('Action') && seen.has('NotAction'))
    fail('policy.action-and-notaction', 'A statement cannot have both Action and NotAction.');
  else if (!seen.has('Action') && !seen.has('NotAction'))
    fail('policy.missing-action', 'The statement has no Action or NotAction.');
  if (seen.has('Resource') && seen.has('NotResource'))
    fail('policy.resource-and-notresource', 'A statement cannot have both Resource and NotResource.');
  else if (!seen.has('Resource') && !seen.has('NotResource') && policyType !== 'trust')
    fail('policy.missing-resource', 'The statement has no Resource or NotResource.');
  if (seen.has('Principal') && seen.has('NotPrincipal'))
    fail('policy.principal-and-notprincipal', 'A statement cannot have both Principal and NotPrincipal.');
  if (identityLike.has(policyType)) {
    // Identity-based policies cannot name principals: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    if (seen.has('Principal'))
      fail('policy.principal-in-identity', `A ${policyType} policy cannot have a Principal element.`);
    if (seen.has('NotPrincipal'))
      fail('policy.notprincipal-in-identity', `A ${policyType} policy cannot have a NotPrincipal element.`);
  } else if (policyType === 'rcp') {
    if (seen.has('NotPrincipal'))
      fail('policy.notprincipal-in-rcp', 'A resource control policy cannot have a NotPrincipal element.');
    else if (!seen.has('Principal'))
      fail('policy.missing-principal', 'A resource control policy statement needs Principal "*".');
  } else {
    if (!seen.has('Principal') && !seen.has('NotPrincipal'))
      fail(
        'policy.missing-principal',
        `A ${policyType === 'trust' ? 'trust' : 'resource-based'} policy statement needs a Principal.`,
      );
    // NotPrincipal is not supported in trust policies: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
    if (policyType === 'trust' && seen.has('NotPrincipal'))
      fail('policy.notprincipal-in-trust', 'A role trust policy cannot have a NotPrincipal element.');
  }
}
