/**
 * A Serverless Framework service (`serverless.yml`) as one CloudFormation template: its `resources` block (the
 * `Resources`, `Outputs` and `Conditions` Serverless merges into the stack, in the object or the list form, with
 * `${file(…)}` parts read from the files imported together) and, when the service has functions and no custom role,
 * the role Serverless generates for them from `provider.iam.role.statements` (or the older
 * `provider.iamRoleStatements`): `IamRoleLambdaExecution`, named `SERVICE-STAGE-REGION-lambdaRole`, trusting
 * lambda.amazonaws.com, with one inline policy `SERVICE-STAGE-lambda`.
 *
 * Serverless variables are resolved where the file defines them (https://www.serverless.com/framework/docs/guides/variables):
 * `${self:path}` (the file's own properties), `${opt:name}` (a CLI option: `--parameter name=VALUE`, `--region`),
 * `${sls:stage}` (= `${opt:stage, self:provider.stage, "dev"}`), `${aws:region}` (= `${opt:region,
 * self:provider.region, "us-east-1"}`), `${aws:accountId}` (`--account`), `${param:name}` (the file's `stages`
 * params), each with its `, fallback`. Anything else (env, ssm, s3, cf, file of a file not imported, …) is never passed
 * through: it is listed as unresolved with file:line and what to run instead — `serverless package` and then import
 * `.serverless/cloudformation-template-update-stack.json`, which holds every value Serverless resolved.
 * CloudFormation's own `${AWS::Region}`, `${Logical.Attr}` in Fn::Sub and IAM policy variables
 * (`${aws:username}`, `${cognito-identity.amazonaws.com:sub}`) are not Serverless variables and stay as written.
 */
import type { Diagnostic } from '../model/diagnostic';
import { parseTemplate } from './cfn-parse';
import type { ParsedTemplate } from './cfn-parse';
import { PLACEHOLDER_ACCOUNT } from './cfn-resolve';
import type { TemplateInput } from './cfn-stacks';
import { diag, formatPath } from './json-source';
import type { InFile } from './json-source';
import type { Position } from '../model/request';
import type { PathSegments } from './json-source';
import type { Acc } from './merge';
import { dirOf, norm } from './folder-files';
import { hasOwn, isObj, ownValue as own } from '../guards';

/** Whether a parsed file is a Serverless Framework service definition (serverless.yml). */
export function isServerlessConfig(v: unknown): boolean {
  return (
    isObj(v) && (typeof v.service === 'string' || isObj(v.service)) && v.provider !== undefined && !isObj(v.Resources)
  );
}

/** Whether a text looks like a serverless.yml (cheap test before parsing, to set its `${file(…)}` files aside). */
export function looksLikeServerless(name: string, text: string): boolean {
  return /\.ya?ml$/i.test(name) && /^service:/m.test(text) && /^provider:/m.test(text);
}

/**
 * The paths a serverless.yml text includes with `${file(PATH)…}` (PATH without variables), resolved against its
 * folder, with '/' separators (as `norm` gives the names of the files imported).
 */
export function includedFiles(name: string, text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\$\{file\(([^)$]+)\)/g)) out.add(includedPath(name, m[1]));
  return [...out];
}

/** The file a `${file(PATH)}` of the file `from` names: PATH (unquoted) against the folder of `from`, normalised. */
function includedPath(from: string, path: string): string {
  return joinPath(dirOf(norm(from)), norm(path.trim().replace(/^['"]|['"]$/g, '')));
}

function joinPath(dir: string, rel: string): string {
  const full = rel.startsWith('/') ? rel : dir + rel;
  const out: string[] = [];
  for (const p of full.split('/')) {
    if (p === '.' || p === '') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return (full.startsWith('/') ? '/' : '') + out.join('/');
}

/** Sources Serverless resolves; `aws:` only for accountId and region (other `${aws:…}` are IAM policy variables). */
const SLS_SOURCE =
  /^(self:|opt:|sls:|env:|param:|file\(|cf(\.[a-z0-9-]+)?:|s3:|ssm:|git:|strToBool\(|terraform:|vault:|doppler:|aws:(accountId|region)\b)/;

/** Whether a `${…}` body is a Serverless variable. */
function isSlsVariable(body: string): boolean {
  return SLS_SOURCE.test(body.trim());
}

/** The `${…}` occurrences of a string, nested ones kept inside their parent (start, end exclusive, body). */
function variables(s: string): { start: number; end: number; body: string }[] {
  const out: { start: number; end: number; body: string }[] = [];
  let i = 0;
  while (i < s.length) {
    const at = s.indexOf('${', i);
    if (at < 0) break;
    let depth = 0;
    let j = at;
    for (; j < s.length; j++) {
      if (s.startsWith('${', j)) {
        depth++;
        j++;
      } else if (s[j] === '}') {
        depth--;
        if (depth === 0) break;
      }
    }
    if (depth !== 0) break;
    out.push({ start: at, end: j + 1, body: s.slice(at + 2, j) });
    i = j + 1;
  }
  return out;
}

/** Splits a variable body at its top-level commas (not inside quotes or nested `${…}`). */
function splitFallbacks(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (body.startsWith('${', i)) depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  parts.push(cur.trim());
  return parts;
}

const RUN_INSTEAD =
  'run `serverless package` (with the same --stage and --region) and import .serverless/cloudformation-template-update-stack.json, which holds the values Serverless resolved';

/** What a Serverless import needs besides the file. */
export interface ServerlessOptions {
  parameters: Record<string, string>;
  region?: string;
  accountId?: string;
  /**
   * The files of the same import, by name (as `norm` gives it), that the service may include with `${file(…)}`: each
   * with the name it was imported under (the report's) and its text.
   */
  files: Map<string, { file: string; text: string; parsed?: ReturnType<typeof parseTemplate> }>;
}

/** A file of the import and its parsed text: where a value was written. */
interface Where {
  file: string;
  parsed: ParsedTemplate;
}

/** Where a resolved object was written: the file and the path of the object in it. */
interface Origin {
  where: Where;
  path: PathSegments;
}

interface Ctx {
  file: string;
  doc: Record<string, unknown>;
  parsed: ParsedTemplate;
  /** serverless.yml itself. */
  main: Where;
  /** The file whose values are being resolved: serverless.yml, or a file a `${file(…)}` reads. */
  at: Where;
  /** The objects a `${file(…)}` gave, with their place in that file (to point into it, not at the `${file(…)}`). */
  origins: WeakMap<object, Origin>;
  opts: ServerlessOptions;
  acc: Acc;
  resolving: Set<string>;
  reported: Set<string>;
  /** The files `${file(…)}` read (so that they are not imported a second time on their own). */
  consumed: Set<string>;
  /** Why a `${file(…)}` source (as written) had no value, when the file was imported: no such key, or unreadable. */
  fileMiss: Map<string, { name: string; key: string; unreadable: boolean }>;
  /** Serverless's defaults that were used: stage dev, region us-east-1 (reported as inferred). */
  defaulted: Set<'stage' | 'region'>;
}

const MISSING = Symbol('missing');
type Value = unknown;

/** Runs `fn` with the values being resolved read from `where` (their unresolved parts listed at its lines). */
function within<T>(ctx: Ctx, where: Where, fn: () => T): T {
  const before = ctx.at;
  ctx.at = where;
  try {
    return fn();
  } finally {
    ctx.at = before;
  }
}

function report(ctx: Ctx, path: PathSegments, message: string, placeholder: string): string {
  const key = `${ctx.at.file}\u0000${formatPath(path)}\u0000${message}`;
  if (!ctx.reported.has(key)) {
    ctx.reported.add(key);
    ctx.acc.report.unresolved.push(
      diag('serverless.unresolved', message, {
        file: ctx.at.file,
        path,
        severity: 'warning',
        range: toRange(ctx.at.parsed.locate(path)),
      }),
    );
  }
  if (placeholder !== PLACEHOLDER_ACCOUNT && !ctx.acc.placeholders.has(placeholder))
    ctx.acc.placeholders.set(placeholder, message);
  return placeholder;
}

function lookup(root: unknown, dotted: string): Value | typeof MISSING {
  if (dotted === '') return root;
  let cur: unknown = root;
  for (const k of dotted.split('.')) {
    if (Array.isArray(cur) && /^\d+$/.test(k)) cur = cur[Number(k)];
    else if (isObj(cur) && hasOwn(cur, k)) cur = cur[k];
    else return MISSING;
    if (cur === undefined) return MISSING;
  }
  return cur;
}

/** A fallback literal: a quoted string, a number, true/false/null; else null (not a literal). */
function literal(text: string): { value: Value } | null {
  const q = /^(['"])(.*)\1$/s.exec(text);
  if (q) return { value: q[2] };
  if (/^-?\d+(\.\d+)?$/.test(text)) return { value: Number(text) };
  if (text === 'true' || text === 'false') return { value: text === 'true' };
  if (text === 'null') return { value: null };
  return null;
}

/** Resolves one source (no `${}` around it); MISSING when the source has no value (a fallback may apply). */
function source(ctx: Ctx, raw: string, path: PathSegments): Value | typeof MISSING {
  // Nested variables in the address first: ${file(./config.${sls:stage}.json):KEY}.
  const addr = resolveString(ctx, raw, path);
  if (typeof addr !== 'string') return MISSING;
  const colon = addr.indexOf(':');
  const kind = /^file\(/.test(addr) ? 'file' : colon < 0 ? addr : addr.slice(0, colon);
  const rest = colon < 0 ? '' : addr.slice(colon + 1);
  switch (kind) {
    case 'self': {
      const v = lookup(ctx.doc, rest);
      if (v === MISSING) return MISSING;
      const key = `self:${rest}`;
      if (ctx.resolving.has(key)) {
        report(
          ctx,
          path,
          `\${self:${rest}} refers to itself (a circular reference; Serverless refuses it)`,
          'UNRESOLVED-self',
        );
        return MISSING;
      }
      ctx.resolving.add(key);
      try {
        // `self` is serverless.yml, also from inside a file it includes.
        return within(ctx, ctx.main, () => resolveTree(ctx, v, selfPath(rest)));
      } finally {
        ctx.resolving.delete(key);
      }
    }
    case 'opt': {
      const given =
        own(ctx.opts.parameters, `opt:${rest}`) ??
        own(ctx.opts.parameters, rest) ??
        (rest === 'region' ? ctx.opts.region : undefined);
      return given === undefined ? MISSING : given;
    }
    case 'sls':
      if (rest === 'stage') return stage(ctx);
      return MISSING;
    case 'aws':
      if (rest === 'region') return region(ctx);
      if (rest === 'accountId') return ctx.opts.accountId ?? MISSING;
      return MISSING;
    case 'param': {
      const st = stage(ctx);
      const stages = own(ctx.doc, 'stages');
      const v = own(own(own(stages, String(st)), 'params'), rest) ?? own(own(own(stages, 'default'), 'params'), rest);
      return v === undefined ? MISSING : within(ctx, ctx.main, () => resolveTree(ctx, v, ['stages']));
    }
    case 'file': {
      const m = /^file\(([^)]+)\)(?::(.*))?$/.exec(addr);
      if (!m) return MISSING;
      const name = includedPath(ctx.file, m[1]);
      const parsed = includedFile(ctx, name);
      if (parsed === null) return MISSING;
      const v = parsed.ok ? lookup(parsed.value.value, m[2] ?? '') : MISSING;
      if (v === MISSING || !parsed.ok) {
        ctx.fileMiss.set(raw, { name, key: m[2] ?? '', unreadable: !parsed.ok });
        return MISSING;
      }
      // What the file holds is resolved (and its unresolved parts listed) at its own lines, and remembered as
      // written there, so that the template's places inside it are found in that file.
      const where: Where = { file: name, parsed: parsed.value };
      const keyPath = selfPath(m[2] ?? '');
      const out = within(ctx, where, () => resolveTree(ctx, v, keyPath));
      if (out !== null && typeof out === 'object') ctx.origins.set(out, { where, path: keyPath });
      return out;
    }
    default:
      return MISSING;
  }
}

/**
 * An imported file a `${file(…)}` reads, parsed (its syntax errors go to the report, with its name and line);
 * null when it is not among the files imported.
 */
function includedFile(ctx: Ctx, name: string): ReturnType<typeof parseTemplate> | null {
  const f = ctx.opts.files.get(name);
  if (f === undefined) return null;
  ctx.consumed.add(name);
  // Parsed once per import, whichever service includes it first (its syntax errors reported once).
  let parsed = f.parsed;
  if (!parsed) {
    parsed = f.parsed = parseTemplate(f.text, f.file);
    // Named as the import lists it (loaded: serverless-include), so the error and the file read agree.
    if (!parsed.ok) ctx.acc.report.errors.push(...parsed.errors.map((e) => ({ ...e, file: f.file })));
  }
  return parsed;
}

/** Where a `${self:a.b}` points in the file, for the lines of what it resolves. */
function selfPath(dotted: string): PathSegments {
  return dotted === '' ? [] : dotted.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

/** Why a variable has no value, and what to give or run instead. */
function whyMissing(ctx: Ctx, body: string): string {
  const first = splitFallbacks(body)[0];
  const show = `\${${body}}`;
  const kind = /^file\(/.test(first) ? 'file' : first.split(':')[0];
  const rest = first.slice(first.indexOf(':') + 1);
  switch (kind) {
    case 'self':
      return `${show}: ${rest || '(the file)'} is not defined in ${ctx.file}; define it, or ${RUN_INSTEAD}`;
    case 'opt':
      return `${show}: the CLI option --${rest} is not given and has no default here: give --parameter ${rest}=VALUE, or ${RUN_INSTEAD}`;
    case 'aws':
      return `${show}: the account is not known: give --account ID (used ${PLACEHOLDER_ACCOUNT}, the workspace's account), or ${RUN_INSTEAD}`;
    case 'env':
      return `${show}: an environment variable of the machine that runs Serverless, which ${ctx.file} does not define: ${RUN_INSTEAD}`;
    case 'file': {
      const miss = ctx.fileMiss.get(first);
      if (miss?.unreadable)
        return `${show}: ${miss.name} could not be read (its error is listed); fix it, or ${RUN_INSTEAD}`;
      if (miss) return `${show}: ${miss.name} has no ${miss.key || 'value'}; define it there, or ${RUN_INSTEAD}`;
      return `${show}: the file is not among the files imported (import it together with ${ctx.file}), or ${RUN_INSTEAD}`;
    }
    case 'param':
      return `${show}: not defined in the file's stages params (a Serverless Dashboard parameter?): ${RUN_INSTEAD}`;
    case 'sls':
      return `${show}: only known when Serverless runs: ${RUN_INSTEAD}`;
    default:
      return `${show}: read from ${kind === 'ssm' ? 'SSM Parameter Store' : kind === 's3' ? 'S3' : kind.startsWith('cf') ? 'another stack' : kind} when Serverless runs, which Rolecall never does: ${RUN_INSTEAD}`;
  }
}

/**
 * One `${…}` body's value: the first part with one (a source, a nested `${…}`), a literal, or a bare word after the
 * first part (`${opt:stage, dev}`: the string dev); MISSING when none has one.
 */
function firstValue(ctx: Ctx, body: string, path: PathSegments): Value | typeof MISSING {
  const parts = splitFallbacks(body);
  for (const part of parts) {
    const lit = literal(part);
    if (lit) return lit.value;
    const inner = /^\$\{(.*)\}$/s.exec(part);
    const v =
      inner && isSlsVariable(inner[1])
        ? firstValue(ctx, inner[1], path)
        : isSlsVariable(part)
          ? source(ctx, part, path)
          : part !== parts[0]
            ? part
            : MISSING;
    if (v !== MISSING) return v;
  }
  return MISSING;
}

/** One `${…}` body: its value (see firstValue), else listed as unresolved and replaced by a placeholder. */
function variable(ctx: Ctx, body: string, path: PathSegments): Value {
  const v = firstValue(ctx, body, path);
  if (v !== MISSING) return v;
  const first = splitFallbacks(body)[0];
  const kind = first.split(':')[0].replace(/\(.*$/, '');
  const placeholder = kind === 'aws' && /accountId/.test(first) ? PLACEHOLDER_ACCOUNT : placeholderName(first);
  return report(ctx, path, whyMissing(ctx, body), placeholder);
}

/** A string with its Serverless variables resolved (a string that is one variable keeps the value's type). */
function resolveString(ctx: Ctx, s: string, path: PathSegments): Value {
  const vars = variables(s).filter((v) => isSlsVariable(v.body));
  if (vars.length === 0) return s;
  if (vars.length === 1 && vars[0].start === 0 && vars[0].end === s.length) return variable(ctx, vars[0].body, path);
  let out = '';
  let at = 0;
  for (const v of vars) {
    out += s.slice(at, v.start);
    const value = variable(ctx, v.body, path);
    out +=
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : report(
            ctx,
            path,
            `\${${v.body}} is ${Array.isArray(value) ? 'a list' : 'an object'} and cannot be part of a string (Serverless refuses it)`,
            'UNRESOLVED-object',
          );
    at = v.end;
  }
  return out + s.slice(at);
}

/** A value with every Serverless variable in its strings resolved (keys are never variables). */
function resolveTree(ctx: Ctx, v: Value, path: PathSegments): Value {
  if (typeof v === 'string') return resolveString(ctx, v, path);
  if (Array.isArray(v)) return v.map((x, i) => resolveTree(ctx, x, [...path, i]));
  if (isObj(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      Object.defineProperty(out, k, {
        value: resolveTree(ctx, x, [...path, k]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  }
  return v;
}

function stage(ctx: Ctx): Value {
  const given = own(ctx.opts.parameters, 'opt:stage') ?? own(ctx.opts.parameters, 'stage');
  if (given !== undefined) return given;
  const provider = own(ctx.doc, 'provider');
  const own_ = own(provider, 'stage');
  if (own_ !== undefined) return within(ctx, ctx.main, () => resolveTree(ctx, own_, ['provider', 'stage']));
  ctx.defaulted.add('stage');
  return 'dev';
}

function region(ctx: Ctx): Value {
  const given = own(ctx.opts.parameters, 'opt:region') ?? own(ctx.opts.parameters, 'region') ?? ctx.opts.region;
  if (given !== undefined) return given;
  const r = own(own(ctx.doc, 'provider'), 'region');
  if (r !== undefined) return within(ctx, ctx.main, () => resolveTree(ctx, r, ['provider', 'region']));
  ctx.defaulted.add('region');
  return 'us-east-1';
}

/** The parts of `resources`, each with the file and path it was written at. */
function resourceParts(ctx: Ctx): { value: Record<string, unknown>; origin: Origin }[] {
  const raw = own(ctx.doc, 'resources');
  if (raw === undefined) return [];
  const list = Array.isArray(raw)
    ? raw.map((v, i) => ({ v, p: ['resources', i] as PathSegments }))
    : [{ v: raw, p: ['resources'] as PathSegments }];
  const out: { value: Record<string, unknown>; origin: Origin }[] = [];
  for (const { v, p } of list) {
    const resolved = resolveTree(ctx, v, p);
    if (isObj(resolved))
      out.push({ value: resolved, origin: ctx.origins.get(resolved) ?? { where: ctx.main, path: p } });
  }
  return out;
}

/** The statements of the generated role: provider.iam.role.statements, else provider.iamRoleStatements. */
function roleStatements(ctx: Ctx): { statements: unknown[]; path: PathSegments } {
  const provider = own(ctx.doc, 'provider');
  const role = own(own(provider, 'iam'), 'role');
  for (const [v, path] of [
    [own(role, 'statements'), ['provider', 'iam', 'role', 'statements']],
    [own(provider, 'iamRoleStatements'), ['provider', 'iamRoleStatements']],
  ] as [unknown, PathSegments][]) {
    if (v === undefined) continue;
    // A list, or a `${file(…)}` / `${self:…}` that gives one.
    const r = resolveTree(ctx, v, path);
    if (Array.isArray(r)) return { statements: r, path };
  }
  return { statements: [], path: ['provider'] };
}

/** The template being built and where each of its entries was written. */
interface Built {
  template: Record<string, Record<string, unknown>>;
  /** `SECTION\u0000ID` → the file and path of the entry. */
  origin: Map<string, Origin>;
  /** The generated role's statements (the user's, after the log statements) and where they were written. */
  role?: { statements: unknown[]; origin: Origin };
}

/** The service's name, stage, region and stack name; an error (null) for a provider that is not AWS. */
function serviceNames(ctx: Ctx): { service: string; stage: string; region: string; stackName: string } | null {
  const { doc, file, parsed, acc } = ctx;
  const serviceRaw = own(doc, 'service');
  const service = String(resolveTree(ctx, isObj(serviceRaw) ? own(serviceRaw, 'name') : serviceRaw, ['service']));
  const st = String(stage(ctx));
  const reg = String(region(ctx));
  const provider = own(doc, 'provider');
  const providerName = isObj(provider) ? own(provider, 'name') : provider;
  if (providerName !== undefined && providerName !== 'aws') {
    acc.report.errors.push(
      diag(
        'serverless.provider',
        `provider ${JSON.stringify(providerName)} is not AWS; Rolecall reads AWS services only`,
        { file, path: ['provider'], range: toRange(parsed.locate(['provider'])) },
      ),
    );
    return null;
  }
  const stackNameRaw = own(provider, 'stackName');
  const stackName =
    stackNameRaw !== undefined ? String(resolveTree(ctx, stackNameRaw, ['provider', 'stackName'])) : `${service}-${st}`;
  if (ctx.defaulted.has('stage'))
    acc.report.inferred.push(
      `stage dev: ${file} sets no provider.stage and no --parameter stage=NAME was given (Serverless's default)`,
    );
  return { service, stage: st, region: reg, stackName };
}

/** Merges the Resources, Outputs and Conditions of every part of `resources` (a later one wins, as in Serverless). */
function mergeParts(ctx: Ctx, built: Built): void {
  for (const part of resourceParts(ctx)) {
    for (const section of ['Resources', 'Outputs', 'Conditions'] as const) {
      const entries = own(part.value, section);
      if (!isObj(entries)) continue;
      for (const [id, v] of Object.entries(entries)) {
        const origin = (isObj(v) && ctx.origins.get(v)) || {
          where: part.origin.where,
          path: [...part.origin.path, section, id],
        };
        if (hasOwn(built.template[section], id))
          ctx.acc.report.warnings.push(
            diag(
              'serverless.duplicate',
              `${section}.${id} is defined twice in resources; the later one is used (as Serverless merges them)`,
              {
                file: origin.where.file,
                path: origin.path,
                severity: 'warning',
                range: toRange(origin.where.parsed.locate(origin.path)),
              },
            ),
          );
        Object.defineProperty(built.template[section], id, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        built.origin.set(`${section}\u0000${id}`, origin);
      }
    }
  }
}

/** The two statements Serverless puts first in the generated role's policy (its log group). */
const LOGS = 2;

/**
 * IamRoleLambdaExecution, as `serverless package` writes it, when the service has functions and no custom role:
 * named SERVICE-STAGE-REGION-lambdaRole, with the policy SERVICE-STAGE-lambda (the log statements, then the user's).
 */
function generatedRole(ctx: Ctx, built: Built, names: { service: string; stage: string }): void {
  const provider = own(ctx.doc, 'provider');
  const functions = own(ctx.doc, 'functions');
  const role = own(own(provider, 'iam'), 'role') ?? own(provider, 'role');
  if (!isObj(functions) || Object.keys(functions).length === 0 || typeof role === 'string') return;
  const { service, stage: st } = names;
  const { statements, path } = roleStatements(ctx);
  const roleObj = isObj(role) ? role : {};
  const logGroup = `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${service}-${st}*`;
  const managed = own(roleObj, 'managedPolicies') ?? own(provider, 'iamManagedPolicies');
  const name = own(roleObj, 'name');
  const boundary = own(roleObj, 'permissionsBoundary');
  const rolePath: PathSegments = ['provider', 'iam', 'role'];
  built.template.Resources.IamRoleLambdaExecution = {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
      },
      Policies: [
        {
          PolicyName: `${service}-${st}-lambda`,
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:TagResource'],
                Resource: [{ 'Fn::Sub': `${logGroup}:*` }],
              },
              { Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: [{ 'Fn::Sub': `${logGroup}:*:*` }] },
              ...statements,
            ],
          },
        },
      ],
      Path: typeof own(roleObj, 'path') === 'string' ? own(roleObj, 'path') : '/',
      RoleName:
        name !== undefined
          ? resolveTree(ctx, name, [...rolePath, 'name'])
          : { 'Fn::Join': ['-', [service, st, { Ref: 'AWS::Region' }, 'lambdaRole']] },
      ...(Array.isArray(managed)
        ? { ManagedPolicyArns: resolveTree(ctx, managed, [...rolePath, 'managedPolicies']) }
        : {}),
      ...(boundary !== undefined
        ? { PermissionsBoundary: resolveTree(ctx, boundary, [...rolePath, 'permissionsBoundary']) }
        : {}),
    },
  };
  const origin = ctx.origins.get(statements) ?? { where: ctx.main, path };
  built.origin.set('Resources\u0000IamRoleLambdaExecution', origin);
  if (path.length > 1) built.role = { statements, origin };
}

/** One step into plain data (undefined when missing). */
function step(v: unknown, seg: string | number): unknown {
  if (Array.isArray(v) && typeof seg === 'number') return v[seg];
  if (isObj(v) && typeof seg === 'string' && hasOwn(v, seg)) return v[seg];
  return undefined;
}

/**
 * The place of `rest` under `value`, which was written at `origin`: inside the last object on the way that a
 * `${file(…)}` gave (then in that file, named by the position's `file`), at the deepest part of the path found.
 */
function placeIn(ctx: Ctx, origin: Origin, value: unknown, rest: PathSegments): Position | InFile | undefined {
  let cur = origin;
  let from = 0;
  let v = value;
  for (let i = 0; i < rest.length && v !== undefined; i++) {
    v = step(v, rest[i]);
    const o = v !== null && typeof v === 'object' ? ctx.origins.get(v) : undefined;
    if (o) {
      cur = o;
      from = i + 1;
    }
  }
  const tail = rest.slice(from);
  for (let n = tail.length; n >= 0; n--) {
    const pos = cur.where.parsed.locate([...cur.path, ...tail.slice(0, n)]);
    if (pos) return cur.where.file === ctx.file ? pos : { line: pos.line, column: pos.column, file: cur.where.file };
  }
  return undefined;
}

/** `locate` for the built template: its paths in serverless.yml or in the file a `${file(…)}` part read. */
function templateLocate(ctx: Ctx, built: Built): ParsedTemplate['locate'] {
  return (p) => {
    const [section, id, ...rest] = p;
    const base = typeof id === 'string' ? built.origin.get(`${String(section)}\u0000${id}`) : undefined;
    if (!base) return ctx.parsed.locate([]);
    if (id === 'IamRoleLambdaExecution' && section === 'Resources') {
      // …Policies[0].PolicyDocument.Statement[k]: the user's statements come after the two log statements.
      const k = rest[5];
      if (built.role && rest[0] === 'Properties' && rest[1] === 'Policies' && typeof k === 'number' && k >= LOGS)
        return placeIn(ctx, built.role.origin, built.role.statements, [k - LOGS, ...rest.slice(6)]);
      return placeIn(ctx, base, undefined, []);
    }
    return placeIn(ctx, base, built.template[String(section)]?.[id], rest);
  };
}

/** The files each built template's resources were written in (for placeIncludedSources). */
const resourceFiles = new WeakMap<ParsedTemplate, (logicalId: string) => string | undefined>();

/** Records the file each resource of a template built from several files was written in (see placeIncludedSources). */
export function noteResourceFiles(parsed: ParsedTemplate, fileOf: (logicalId: string) => string | undefined): void {
  resourceFiles.set(parsed, fileOf);
}

/**
 * Turns a serverless.yml into a template input for the CloudFormation importer. `consumed` gets the files its
 * `${file(…)}` parts read (so they are not imported a second time on their own).
 */
export function serverlessTemplate(
  acc: Acc,
  file: string,
  parsed: ParsedTemplate,
  opts: ServerlessOptions,
  items: string[],
  consumed: Set<string>,
): TemplateInput | null {
  const main: Where = { file, parsed };
  const ctx: Ctx = {
    file,
    doc: parsed.value as Record<string, unknown>,
    parsed,
    main,
    at: main,
    origins: new WeakMap(),
    opts,
    acc,
    resolving: new Set(),
    reported: new Set(),
    consumed,
    fileMiss: new Map(),
    defaulted: new Set(),
  };
  const names = serviceNames(ctx);
  if (!names) return null;
  const built: Built = { template: { Resources: {}, Outputs: {}, Conditions: {} }, origin: new Map() };
  mergeParts(ctx, built);
  generatedRole(ctx, built, names);
  if (Object.keys(built.template.Resources).length === 0) {
    acc.report.warnings.push(
      diag(
        'serverless.empty',
        `${file} defines no resources Rolecall reads (no resources.Resources and no functions with a generated role)`,
        { file, severity: 'warning' },
      ),
    );
  }
  const out: ParsedTemplate = {
    value: { AWSTemplateFormatVersion: '2010-09-09', ...built.template },
    locate: templateLocate(ctx, built),
  };
  noteResourceFiles(out, (id) => built.origin.get(`Resources\u0000${id}`)?.where.file);
  return {
    file,
    parsed: out,
    items,
    stack: {
      stackName: names.stackName,
      region: names.region,
      regionWhy: ctx.defaulted.has('region')
        ? `Serverless's default region: ${file} sets no provider.region`
        : `the provider.region of ${file}`,
      ...(opts.accountId ? { accountId: opts.accountId } : {}),
    },
  };
}

/**
 * Provenance in the user's own file: a resource a serverless.yml includes from a resources file with `${file(…)}` (or
 * a fragment merged with others into one template: cfn-fragments.ts) is said to come from that file (its line is already the line there: the template's locate found it in that file).
 */
export function placeIncludedSources(acc: Acc, inputs: TemplateInput[]): void {
  const sources = acc.ws.sources;
  if (!sources) return;
  for (const input of inputs) {
    const fileOf = resourceFiles.get(input.parsed);
    if (!fileOf) continue;
    for (const src of Object.values(sources)) {
      if (src.file !== input.file || !src.logicalId) continue;
      const f = fileOf(src.logicalId);
      if (f !== undefined && f !== input.file) src.file = f;
    }
  }
}

/** The placeholder that stands for an unresolved variable (its first source): `UNRESOLVED-self-custom.x`. */
function placeholderName(source: string): string {
  return `UNRESOLVED-${source.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '')}`;
}

function toRange(pos: ReturnType<ParsedTemplate['locate']>): Diagnostic['range'] {
  return pos ? { start: pos, end: pos } : undefined;
}

/**
 * A template that holds Serverless variables (a Serverless resources file imported without its serverless.yml):
 * each is listed as unresolved at its place and replaced by a listed placeholder — never passed through as text.
 */
export function flagServerlessVariables(acc: Acc, input: TemplateInput): void {
  const walk = (v: unknown, path: PathSegments): unknown => {
    if (typeof v === 'string') {
      const vars = variables(v).filter((x) => isSlsVariable(x.body));
      if (vars.length === 0) return v;
      let out = '';
      let at = 0;
      for (const x of vars) {
        const placeholder = placeholderName(x.body.split(',')[0].trim());
        const message = `\${${x.body}} is a Serverless Framework variable: import the serverless.yml that includes this file together with it (rolecall import serverless.yml ${input.file}), or run \`serverless package\` and import .serverless/cloudformation-template-update-stack.json (used "${placeholder}")`;
        acc.report.unresolved.push(
          diag('serverless.unresolved', message, {
            file: input.file,
            path,
            severity: 'warning',
            range: toRange(input.parsed.locate(path)),
          }),
        );
        if (!acc.placeholders.has(placeholder)) acc.placeholders.set(placeholder, message);
        out += v.slice(at, x.start) + placeholder;
        at = x.end;
      }
      return out + v.slice(at);
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = walk(v[i], [...path, i]);
      return v;
    }
    if (isObj(v)) {
      for (const k of Object.keys(v)) v[k] = walk(v[k], [...path, k]);
      return v;
    }
    return v;
  };
  walk(input.parsed.value, []);
}
