/**
 * IAM-aware help in Monaco's JSON editor, for policy models only (URI scheme `rolecall-policy`): completion of
 * actions, condition operators, condition keys and element values from the catalog, and hover docs for actions,
 * condition keys and operators. Registered once per Monaco instance.
 */
import { createScanner, getLocation } from 'jsonc-parser';
import type * as Monaco from 'monaco-editor';
import { loadCatalog, lookupAction, type Catalog } from '../../../../policy-engine/catalog/index';
import { conditionOperatorNames } from '../../../../policy-engine/evaluate/index';
import { STATEMENT_ELEMENTS } from '../../../../policy-engine/policy/index';

/** The URI scheme of policy models. */
export const POLICY_SCHEME = 'rolecall-policy';

/** The model path for a policy id. */
export function policyModelPath(policyId: string, variant = ''): string {
  return `${POLICY_SCHEME}://policy/${encodeURIComponent(policyId)}${variant ? `/${variant}` : ''}.json`;
}

const registered = new WeakSet<object>();

/**
 * What completion should offer at a place in a policy, from jsonc-parser's location: `path` ends with the key being
 * typed when `atKey` (e.g. `['Statement', 0, 'Condition', '']`). Exported for tests.
 */
export function completionKind(
  path: (string | number)[],
  atKey: boolean,
): 'action' | 'operator' | 'conditionKey' | 'effect' | 'element' | 'version' | 'resource' | null {
  const at = atKey ? path.slice(0, -1) : path;
  if (!atKey && at.length === 1 && at[0] === 'Version') return 'version';
  const i = at.indexOf('Statement');
  if (i !== 0) return null;
  const rest = at.slice(1).filter((p): p is string => typeof p === 'string');
  if (atKey) {
    if (rest.length === 0) return 'element';
    if (rest.length === 1 && rest[0] === 'Condition') return 'operator';
    if (rest.length === 2 && rest[0] === 'Condition') return 'conditionKey';
    return null;
  }
  const el = rest[0];
  if (rest.length !== 1) return null;
  if (el === 'Action' || el === 'NotAction') return 'action';
  if (el === 'Resource' || el === 'NotResource') return 'resource';
  if (el === 'Effect') return 'effect';
  return null;
}

/** Sort rank of a condition key: the ones Cognito-backed S3/DynamoDB policies use come first. */
export function conditionKeyRank(key: string): number {
  const k = key.toLowerCase();
  if (k.startsWith('aws:')) return 0;
  if (k.startsWith('cognito-identity.amazonaws.com:')) return 1;
  if (k.startsWith('s3:') || k.startsWith('dynamodb:')) return 2;
  return 3;
}

function actionDoc(c: Catalog, name: string): string | null {
  const info = lookupAction(c, name);
  if (!info) return null;
  if (!info.detailed) return `**${info.fullName}**`;
  const types =
    info.resourceTypes.map((r) => `${r.name}${r.required ? '*' : ''}`).join(', ') ||
    '(no resource types: Resource must be "*")';
  const keys = info.conditionKeys.slice(0, 12).join(', ');
  return `**${info.fullName}** — ${info.accessLevel}\n\nResource types: ${types}${keys ? `\n\nCondition keys: ${keys}` : ''}`;
}

function conditionKeys(c: Catalog): { key: string; type: string }[] {
  const out = [...Object.values(c.globalConditionKeys)];
  for (const s of ['s3', 'dynamodb', 'sts']) out.push(...Object.values(c.services[s]?.conditionKeys ?? {}));
  // Templated keys (`agent.${Domain}…`) cannot be typed as they are.
  return out.filter((k) => !k.key.includes('${'));
}

/**
 * Whether `offset` is right after a complete string (its closing quote typed). Typing that quote triggers completion
 * (`"` is a trigger character), and Enter on the next line break would then accept a suggestion instead of starting a
 * new line — so no suggestions are offered there.
 */
export function justAfterString(text: string, offset: number): boolean {
  if (offset < 2 || text[offset - 1] !== '"') return false;
  const scanner = createScanner(text, false);
  // jsonc-parser's SyntaxKind.StringLiteral (a const enum) and ScanError.None.
  for (let kind: number = scanner.scan(); kind !== 17; kind = scanner.scan()) {
    const end = scanner.getTokenOffset() + scanner.getTokenLength();
    if (end < offset) continue;
    return end === offset && kind === 10 && scanner.getTokenError() === 0;
  }
  return false;
}

/** What the providers offer: the catalog, its S3 / DynamoDB / STS actions, and its condition keys. */
interface IamVocabulary {
  catalog: ReturnType<typeof loadCatalog>;
  actions: string[];
  keys: ReturnType<typeof conditionKeys>;
}

const isPolicy = (model: Monaco.editor.ITextModel) => model.uri.scheme === POLICY_SCHEME;

/**
 * The text between the quotes around 1-based `column` of `line`, as 0-based offsets: `start` just after the opening
 * quote (0 when no quote opens before the column), `end` at the closing quote (the line's length when none closes).
 * `quoted` when both quotes are there. One scan for completion and hover (actions contain ':', which ends Monaco's
 * word, so neither can use the word).
 */
export function quotedSpan(line: string, column: number): { start: number; end: number; quoted: boolean } {
  let start = column - 1;
  while (start > 0 && line[start - 1] !== '"') start--;
  let end = column - 1;
  while (end < line.length && line[end] !== '"') end++;
  return { start, end, quoted: start > 0 && end < line.length };
}

/** The range of the token inside the quotes around `position`. */
function quotedTokenRange(model: Monaco.editor.ITextModel, position: Monaco.Position): Monaco.IRange {
  const word = model.getWordUntilPosition(position);
  const { start, end } = quotedSpan(model.getLineContent(position.lineNumber), position.column);
  return {
    startLineNumber: position.lineNumber,
    endLineNumber: position.lineNumber,
    startColumn: start > 0 ? start + 1 : word.startColumn,
    endColumn: end + 1,
  };
}

/** Completion in policy models: actions, operators, condition keys, Effect, Version, elements, resources. */
function completionProvider(monaco: typeof Monaco, v: IamVocabulary): Monaco.languages.CompletionItemProvider {
  return {
    triggerCharacters: ['"', ':'],
    provideCompletionItems(model, position) {
      if (!isPolicy(model)) return { suggestions: [] };
      const text = model.getValue();
      const offset = model.getOffsetAt(position);
      if (justAfterString(text, offset)) return { suggestions: [] };
      const loc = getLocation(text, offset);
      const kind = completionKind(loc.path, loc.isAtPropertyKey);
      if (!kind) return { suggestions: [] };
      const range = quotedTokenRange(model, position);
      const K = monaco.languages.CompletionItemKind;
      const item = (
        label: string,
        k: Monaco.languages.CompletionItemKind,
        detail?: string,
        documentation?: string,
      ): Monaco.languages.CompletionItem => ({
        label,
        kind: k,
        insertText: label,
        range,
        ...(detail ? { detail } : {}),
        ...(documentation ? { documentation: { value: documentation } } : {}),
      });
      switch (kind) {
        case 'action':
          return {
            suggestions: v.actions.map((a) =>
              item(a, K.Function, lookupAction(v.catalog, a)?.accessLevel, actionDoc(v.catalog, a) ?? undefined),
            ),
          };
        case 'operator':
          return { suggestions: conditionOperatorNames.map((o) => item(o, K.Operator, 'condition operator')) };
        case 'conditionKey':
          return {
            suggestions: v.keys.map((k) => ({
              ...item(k.key, K.Property, k.type),
              sortText: `${conditionKeyRank(k.key)}${k.key}`,
            })),
          };
        case 'effect':
          return { suggestions: ['Allow', 'Deny'].map((e) => item(e, K.EnumMember)) };
        case 'version':
          return { suggestions: [item('2012-10-17', K.EnumMember, 'current policy language (variables enabled)')] };
        case 'element':
          return { suggestions: STATEMENT_ELEMENTS.map((e) => item(e, K.Keyword)) };
        case 'resource':
          return { suggestions: ['arn:aws:s3:::', 'arn:aws:dynamodb:', '*'].map((e) => item(e, K.Value)) };
      }
    },
  };
}

/** What hovering a quoted token says: an action's documentation, a condition key's type, an operator's meaning. */
function hoverText(v: IamVocabulary, token: string): string | null {
  const doc = actionDoc(v.catalog, token);
  if (doc) return doc;
  const key = v.keys.find((k) => k.key.toLowerCase() === token.toLowerCase());
  if (key) return `**${key.key}** — condition key of type ${key.type}`;
  const base = token.replace(/^(ForAnyValue|ForAllValues):/, '').replace(/IfExists$/, '');
  if (!conditionOperatorNames.includes(base)) return null;
  const parts = [`**${token}** — condition operator`];
  if (token.startsWith('ForAnyValue:'))
    parts.push('True when at least one request value matches (false when the key is missing).');
  if (token.startsWith('ForAllValues:'))
    parts.push('True when every request value matches — also when the key is missing or empty.');
  if (token.endsWith('IfExists')) parts.push('True when the key is missing from the request.');
  return parts.join('\n\n');
}

/** Hover in policy models. */
function hoverProvider(monaco: typeof Monaco, v: IamVocabulary): Monaco.languages.HoverProvider {
  return {
    provideHover(model, position) {
      if (!isPolicy(model)) return null;
      const line = model.getLineContent(position.lineNumber);
      const { start: s, end: e, quoted } = quotedSpan(line, position.column);
      if (!quoted) return null;
      const value = hoverText(v, line.slice(s, e));
      if (value === null) return null;
      return { range: new monaco.Range(position.lineNumber, s + 1, position.lineNumber, e + 1), contents: [{ value }] };
    },
  };
}

/** Registers completion and hover for policy models on this Monaco instance (once). */
export function registerIamLanguage(monaco: typeof Monaco): void {
  if (registered.has(monaco)) return;
  registered.add(monaco);
  const catalog = loadCatalog();
  const actions: string[] = [];
  for (const s of ['s3', 'dynamodb', 'sts']) {
    actions.push(`${s}:*`);
    for (const a of Object.values(catalog.services[s]?.actions ?? {})) actions.push(`${s}:${a.name}`);
  }
  const vocabulary = { catalog, actions, keys: conditionKeys(catalog) };
  monaco.languages.registerCompletionItemProvider('json', completionProvider(monaco, vocabulary));
  monaco.languages.registerHoverProvider('json', hoverProvider(monaco, vocabulary));
}
