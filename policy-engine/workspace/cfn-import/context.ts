/**
 * The state of one CloudFormation template's import: the template and the context its references resolve in, the
 * resource being read (an error in a resource that depends on a value known only after deployment skips only that
 * resource), the items imported, and the attachments that wait until every file is in.
 */
import type { ParsedTemplate } from '../cfn-parse';
import { chargeValue, condition, resolveValue, usedUnresolved } from '../cfn-resolve';
import type { CfnContext } from '../cfn-resolve';
import { diag } from '../json-source';
import type { PathSegments } from '../json-source';
import { addSource } from '../merge';
import type { Acc } from '../merge';
import { decodePolicy, policyTooDeep } from '../policy-doc';
import { issueMessage } from '../schema';
import type { ZodType } from 'zod';
import { isObj } from '../../guards';

/** Options that resolve a template's pseudo parameters, parameters and generated ids. */
export interface TemplateOptions {
  accountId?: string;
  region?: string;
  partition: string;
  parameters: Record<string, string>;
  physicalIds: Record<string, string>;
}

/** One template of an import, with the context its references resolve in (see cfn-stacks.ts). */
export interface TemplateUnit {
  file: string;
  parsed: ParsedTemplate;
  ctx: CfnContext;
  /** Logical ids of this template's nested stacks whose template was imported together (not "skipped"). */
  nestedImported: Set<string>;
}

/**
 * The largest policy document of any kind Rolecall imports from a template, in characters of compact JSON: a KMS key
 * policy (32 KB) — https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html#key-policy-limit ;
 * IAM's are smaller (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length),
 * S3 bucket policies 20 KB (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html).
 */
export const MAX_POLICY_CHARS = 32_768;

/** A template value as an object ({} when it is not one). */
export function objOf(v: unknown): Record<string, never> {
  return (isObj(v) ? v : {}) as Record<string, never>;
}

/** A position as a zero-width range. */
export function toRange(
  pos: { line: number; column: number } | undefined,
): { start: { line: number; column: number }; end: { line: number; column: number } } | undefined {
  return pos ? { start: pos, end: pos } : undefined;
}

/** One resource of the template, read: its logical id, type, paths and resolved properties. */
export interface CfnResource {
  id: string;
  type: string;
  /** `['Resources', id]` and `['Resources', id, 'Properties']`. */
  base: PathSegments;
  pp: PathSegments;
  props: Record<string, unknown>;
}

/** Reads one kind of resource into the workspace. */
export type Importer = (t: CfnImport, r: CfnResource) => void;

/** One template being imported. */
export class CfnImport {
  readonly file: string;
  readonly ctx: CfnContext;
  readonly parsed: ParsedTemplate;
  readonly partition: string;
  /** What the template added, for the import's report. */
  readonly items: string[] = [];
  /** The resource being read and whether its properties used unresolved values (then an error skips only it). */
  private current: { id: string; type: string; dependsOnUnresolved: boolean } | null = null;

  constructor(
    readonly acc: Acc,
    readonly unit: TemplateUnit,
    opts: TemplateOptions,
    private readonly deferred: (() => void)[],
  ) {
    this.file = unit.file;
    this.ctx = unit.ctx;
    this.parsed = unit.parsed;
    this.partition = opts.partition;
  }

  /** Runs a change once every file is in (the role it attaches to may come from another file). */
  defer(apply: () => void): void {
    this.deferred.push(apply);
  }

  /** Records where a workspace item comes from: the resource's place in the template. */
  source(id: string, logicalId: string): void {
    const pos = this.parsed.locate(['Resources', logicalId]);
    addSource(this.acc, id, { file: this.file, line: pos?.line, column: pos?.column, logicalId });
  }

  /**
   * An error at a template path; in a resource that depends on an unresolved value it only says that the resource is
   * not imported (the value may be fine once deployed).
   */
  readonly error = (path: PathSegments, message: string): void => {
    const pos = this.parsed.locate(path);
    const range = pos ? { start: pos, end: pos } : undefined;
    const current = this.current;
    if (current?.dependsOnUnresolved) {
      this.acc.report.notImported.push(
        diag(
          'template.not-imported',
          `${current.id} (${current.type}) is not imported: ${message}, because it depends on a value only known after deployment (listed as unresolved)`,
          { file: this.file, path, range, severity: 'warning' },
        ),
      );
      return;
    }
    this.acc.report.errors.push(diag('template.invalid', message, { file: this.file, path, range }));
  };

  /**
   * The resource's properties resolved, or null when it is not created (its condition is false) or its properties are
   * not an object (reported).
   */
  read(id: string, res: Record<string, unknown>): CfnResource | null {
    const { ctx, file } = this;
    const base: PathSegments = ['Resources', id];
    if (typeof res.Condition === 'string' && !condition(ctx, res.Condition, [...base, 'Condition'])) {
      this.acc.report.warnings.push(
        diag(
          'template.condition-false',
          `${id} is not created: its condition ${res.Condition} is false with the given parameters`,
          { file, path: base, severity: 'info' },
        ),
      );
      return null;
    }
    const pp: PathSegments = [...base, 'Properties'];
    const props = resolveValue(ctx, res.Properties ?? {}, pp) as Record<string, unknown>;
    // The resolved properties are (about) what this resource adds to the workspace: counted against the import's
    // output budget, which names this resource when a long value repeated many times runs it out.
    chargeValue(ctx, base, props);
    this.current = { id, type: String(res.Type), dependsOnUnresolved: usedUnresolved(ctx, pp) };
    if (!isObj(props)) {
      this.error(pp, 'Properties must be an object');
      return null;
    }
    return { id, type: String(res.Type), base, pp, props };
  }

  /** Whether a policy document is there, decodes and is not larger than AWS accepts (else reported). */
  policyOk(doc: unknown, path: PathSegments): boolean {
    if (doc === undefined) return false;
    const decoded = decodePolicy(doc);
    if (decoded === null) {
      this.error(path, policyTooDeep(doc) ?? 'expected a policy document (a JSON object or JSON string)');
      return false;
    }
    // A document that resolves to more than any AWS policy may hold (a large list parameter or mapping repeated in
    // every policy) is refused, as AWS refuses it — and a small template cannot become a workspace of hundreds of MB.
    const size = JSON.stringify(decoded).length;
    if (size > MAX_POLICY_CHARS) {
      this.acc.report.errors.push(
        diag(
          'template.policy-too-large',
          `the policy document resolves to ${size} characters; AWS accepts at most ${MAX_POLICY_CHARS} for any policy Rolecall reads (KMS key policies; IAM role inline policies 10,240, managed policies 6,144, S3 bucket and DynamoDB resource policies 20 KB), so CloudFormation would refuse it`,
          { file: this.file, path, range: toRange(this.parsed.locate(path)) },
        ),
      );
      return false;
    }
    return true;
  }

  /** Checks a value built from a template against the workspace shape; errors point at the template's own path. */
  readonly shapeOk = (schema: ZodType, value: unknown, toTemplate: (p: PathSegments) => PathSegments): boolean => {
    const r = schema.safeParse(value);
    if (r.success) return true;
    for (const issue of r.error.issues)
      this.error(
        toTemplate(issue.path.filter((x): x is string | number => typeof x !== 'symbol')),
        issueMessage(issue),
      );
    return false;
  };

  /** A list of strings ([] when absent), or null when it is not one (reported). */
  strings(v: unknown, path: PathSegments, what: string): string[] | null {
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      this.error(path, `${what} must be a list`);
      return null;
    }
    const bad = v.findIndex((x) => typeof x !== 'string');
    if (bad >= 0) {
      this.error([...path, bad], `${what} must be a list of strings, found ${JSON.stringify(v[bad])}`);
      return null;
    }
    return v as string[];
  }
}
