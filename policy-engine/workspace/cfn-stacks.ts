/**
 * Several templates imported together as one account: the region they pin (a `us-east-1_…` user pool id, a provider
 * name, an ARN) when none is given, `Fn::ImportValue` of another template's export (CDK's cross-stack references are
 * such exports), and nested stacks (`AWS::CloudFormation::Stack` whose template was imported too) with the
 * `Parameters` the parent passes and the `Outputs` the parent reads back.
 * Exports: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-exports.html
 * Nested stacks: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-stack.html
 */
import type { ParsedTemplate } from './cfn-parse';
import { importTemplate, templateContext } from './cfn-import';
import type { TemplateOptions, TemplateUnit } from './cfn-import';
import { own, resolveValue, TemplateTooDeep, unresolved } from './cfn-resolve';
import type { CfnContext } from './cfn-resolve';
import { diag, formatPath } from './json-source';
import type { PathSegments } from './json-source';
import type { Acc } from './merge';
import { isObj } from '../guards';
import { norm } from './folder-files';

/** A parsed template to import, with what a CDK manifest says about its stack. */
export interface TemplateInput {
  file: string;
  parsed: ParsedTemplate;
  /** The loaded-report entry to fill. */
  items: string[];
  stack?: {
    stackName?: string;
    accountId?: string;
    region?: string;
    parameters?: Record<string, unknown>;
    physicalIds?: Record<string, string>;
    /** Where `region` comes from, for the report (default: the cloud assembly's manifest). */
    regionWhy?: string;
  };
}

const REGION = '(?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov|us-iso|us-isob)-[a-z]+-\\d';
const EVIDENCE: { what: string; re: RegExp }[] = [
  { what: 'the user pool id', re: new RegExp(`^(${REGION})_[0-9A-Za-z]+$`) },
  { what: 'the identity pool id', re: new RegExp(`^(${REGION}):[0-9a-f]{8}-[0-9a-f]{4}-`) },
  { what: 'the provider name', re: new RegExp(`cognito-idp\\.(${REGION})\\.amazonaws\\.com`) },
  { what: 'the ARN', re: new RegExp(`^arn:aws[\\w-]*:[a-z0-9-]+:(${REGION}):`) },
];

/** Each region a template names, with the first place it does so. */
function regionEvidence(input: TemplateInput, found: Map<string, string>): void {
  const walk = (v: unknown, path: PathSegments, depth: number): void => {
    if (depth > 60) return;
    if (typeof v === 'string') {
      for (const e of EVIDENCE) {
        const m = e.re.exec(v);
        if (!m || found.has(m[1])) continue;
        const pos = input.parsed.locate(path);
        found.set(
          m[1],
          `${e.what} ${v.length > 80 ? `${v.slice(0, 77)}…` : v} at ${input.file}${pos ? `:${pos.line}:${pos.column}` : ''} (${formatPath(path)})`,
        );
      }
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i], depth + 1));
    else if (isObj(v))
      for (const [k, x] of Object.entries(v))
        if (k !== 'Description' && k !== 'Metadata') walk(x, [...path, k], depth + 1);
  };
  walk(input.parsed.value, [], 0);
}

/** The file name a nested stack's TemplateURL (or CDK's asset path) points at, as a path suffix to match. */
function nestedTarget(res: Record<string, unknown>): string | null {
  const meta = isObj(res.Metadata) ? res.Metadata : {};
  if (typeof meta['aws:asset:path'] === 'string') return meta['aws:asset:path'];
  const url = isObj(res.Properties) ? res.Properties.TemplateURL : undefined;
  const text = typeof url === 'string' ? url : JSON.stringify(url ?? '');
  const m = /([^/"\\]+\.(?:json|ya?ml|template))(?:["?]|$)/i.exec(text);
  return m ? (typeof url === 'string' && !/^https?:|^s3:/i.test(url) ? url : m[1]) : null;
}

/** The imported template a nested stack names: a file whose path ends with the target (or has its base name). */
function findChild(inputs: TemplateInput[], parent: TemplateInput, target: string): TemplateInput | undefined {
  const t = norm(target).replace(/^(\.\.\/)+/, '');
  const base = t.split('/').pop() ?? t;
  const candidates = inputs.filter((i) => i !== parent);
  return (
    candidates.find((i) => norm(i.file).endsWith(`/${t}`) || norm(i.file) === t) ??
    candidates.find((i) => (norm(i.file).split('/').pop() ?? '') === base)
  );
}

/** Imports templates together (see the module comment). */
export function importTemplates(
  acc: Acc,
  inputs: TemplateInput[],
  opts: TemplateOptions,
  deferred: (() => void)[],
): void {
  // The region: given, else the one the templates (and CDK manifests) pin.
  let region = opts.region;
  if (!region) {
    const found = new Map<string, string>();
    for (const i of inputs)
      if (i.stack?.region)
        found.set(
          i.stack.region,
          i.stack.regionWhy ??
            `the environment of stack ${i.stack.stackName ?? i.file} in the cloud assembly's manifest`,
        );
    for (const i of inputs) regionEvidence(i, found);
    if (found.size === 1) {
      const [[r, why]] = [...found];
      region = r;
      acc.report.inferred.push(`region ${r}: inferred from ${why} (--region overrides)`);
    } else if (found.size > 1) {
      acc.report.warnings.push(
        diag(
          'template.regions',
          `the templates name several regions (${[...found].map(([r, why]) => `${r}: ${why}`).join('; ')}); AWS::Region was not inferred: give --region`,
          { file: inputs[0]?.file, severity: 'warning' },
        ),
      );
    }
  }

  // Nested stacks: parent → child when the child's template is among the inputs.
  const parentOf = new Map<TemplateInput, { parent: TemplateInput; logicalId: string }>();
  const childOf = new Map<string, TemplateInput>();
  for (const p of inputs) {
    const resources =
      isObj(p.parsed.value) && isObj((p.parsed.value as Record<string, unknown>).Resources)
        ? ((p.parsed.value as Record<string, unknown>).Resources as Record<string, unknown>)
        : {};
    for (const [id, r] of Object.entries(resources)) {
      if (!isObj(r) || r.Type !== 'AWS::CloudFormation::Stack') continue;
      const target = nestedTarget(r);
      const child = target ? findChild(inputs, p, target) : undefined;
      if (!child || parentOf.has(child)) continue;
      parentOf.set(child, { parent: p, logicalId: id });
      childOf.set(`${p.file}\u0000${id}`, child);
    }
  }
  // Parents first, so a child's parameters come from its parent's already-built context.
  const ordered: TemplateInput[] = [];
  const placed = new Set<TemplateInput>();
  const place = (i: TemplateInput, seen: Set<TemplateInput>): void => {
    if (placed.has(i) || seen.has(i)) return;
    seen.add(i);
    const p = parentOf.get(i);
    if (p) place(p.parent, seen);
    placed.add(i);
    ordered.push(i);
  };
  for (const i of inputs) place(i, new Set());

  const units = new Map<TemplateInput, TemplateUnit>();
  let exportsIndex: Map<string, { unit: TemplateUnit; key: string }> | null = null;
  const resolvingExports = new Set<string>();
  const importValue = (name: string, path: PathSegments, from: CfnContext): unknown => {
    if (!exportsIndex) {
      exportsIndex = new Map();
      for (const u of units.values()) {
        const outputs =
          isObj(u.parsed.value) && isObj((u.parsed.value as Record<string, unknown>).Outputs)
            ? ((u.parsed.value as Record<string, unknown>).Outputs as Record<string, unknown>)
            : {};
        for (const [key, o] of Object.entries(outputs)) {
          if (!isObj(o) || !isObj(o.Export) || o.Export.Name === undefined) continue;
          const exportName = resolveValue({ ...u.ctx, unresolved: [] }, o.Export.Name, [
            'Outputs',
            key,
            'Export',
            'Name',
          ]);
          if (typeof exportName === 'string' && !exportsIndex.has(exportName))
            exportsIndex.set(exportName, { unit: u, key });
        }
      }
    }
    const hit = exportsIndex.get(name);
    if (!hit) return undefined;
    if (resolvingExports.has(name))
      return unresolved(
        from,
        path,
        `Fn::ImportValue ${name} depends on itself through other stacks' exports (a circular reference)`,
        `UNRESOLVED-Import-${name}`,
      );
    resolvingExports.add(name);
    try {
      const outputs = (hit.unit.parsed.value as Record<string, Record<string, Record<string, unknown>>>).Outputs;
      return resolveValue(hit.unit.ctx, outputs[hit.key].Value, ['Outputs', hit.key, 'Value']);
    } finally {
      resolvingExports.delete(name);
    }
  };
  const nestedOutput =
    (parent: TemplateInput) =>
    (logicalId: string, output: string, path: PathSegments): unknown => {
      const child = childOf.get(`${parent.file}\u0000${logicalId}`);
      const unit = child ? units.get(child) : undefined;
      if (!unit) return undefined;
      const outputs = isObj(unit.parsed.value) ? (unit.parsed.value as Record<string, unknown>).Outputs : undefined;
      const o = own<Record<string, unknown>>(outputs, output);
      if (!isObj(o))
        return unresolved(
          units.get(parent)!.ctx,
          path,
          `${logicalId}.Outputs.${output}: the nested stack's template (${unit.file}) has no output ${output}`,
          `UNRESOLVED-${logicalId}.Outputs.${output}`,
        );
      return resolveValue(unit.ctx, o.Value, ['Outputs', output, 'Value']);
    };

  for (const input of ordered) {
    const parent = parentOf.get(input);
    let parameters: Record<string, unknown> = { ...input.stack?.parameters, ...opts.parameters };
    let stackName: string | undefined =
      input.stack?.stackName ?? opts.parameters['AWS::StackName'] ?? opts.physicalIds['AWS::StackName'];
    if (parent) {
      const pu = units.get(parent.parent)!;
      const res = own<Record<string, unknown>>(pu.ctx.resources, parent.logicalId);
      let passed: unknown = {};
      try {
        if (isObj(res) && isObj(res.Properties) && isObj(res.Properties.Parameters))
          passed = resolveValue(pu.ctx, res.Properties.Parameters, [
            'Resources',
            parent.logicalId,
            'Properties',
            'Parameters',
          ]);
      } catch (e) {
        if (!(e instanceof TemplateTooDeep)) throw e;
        acc.report.errors.push(e.diagnostic);
      }
      // What the parent passes wins over --parameter (it is what CloudFormation gives the child).
      parameters = { ...parameters, ...(isObj(passed) ? passed : {}) };
      stackName = input.stack?.stackName ?? own<string>(opts.physicalIds, `${parent.logicalId}.StackName`);
      pu.nestedImported.add(parent.logicalId);
      acc.report.inferred.push(
        `${input.file}: the nested stack ${parent.logicalId} of ${parent.parent.file}, with the ${Object.keys(isObj(passed) ? passed : {}).length} parameter(s) the parent passes`,
      );
    }
    const ctx = templateContext(
      input.file,
      input.parsed,
      {
        accountId: opts.accountId ?? input.stack?.accountId,
        region: region ?? input.stack?.region,
        partition: opts.partition,
        stackName,
        parameters,
        physicalIds: { ...input.stack?.physicalIds, ...opts.physicalIds },
      },
      acc.report.unresolved,
      acc.placeholders,
    );
    ctx.errors = acc.report.errors;
    ctx.budget = acc.budget;
    ctx.importValue = (name, path) => importValue(name, path, ctx);
    ctx.nestedOutput = nestedOutput(input);
    units.set(input, { file: input.file, parsed: input.parsed, ctx, nestedImported: new Set() });
  }
  for (const input of ordered) {
    const unit = units.get(input)!;
    try {
      input.items.push(...importTemplate(acc, unit, { ...opts, region }, deferred));
    } catch (e) {
      if (!(e instanceof TemplateTooDeep)) throw e;
      acc.report.errors.push(e.diagnostic);
    }
  }
}
