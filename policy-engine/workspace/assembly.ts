/**
 * What a CDK cloud assembly's `manifest.json` and an Amplify Gen 1 project's `amplify-meta.json` / `parameters.json`
 * say about the templates imported with them: each stack's name, account and region (CDK `environment`
 * `aws://ACCOUNT/REGION`), the root stack's parameters and the ids Amplify recorded after a push.
 * Cloud assembly: https://docs.aws.amazon.com/cdk/v2/guide/deploy.html (cdk.out), schema in @aws-cdk/cloud-assembly-schema.
 * Amplify Gen 1 backend folder: https://docs.amplify.aws/gen1/javascript/tools/cli/reference/files/
 */
import type { Diagnostic } from '../model/diagnostic';
import type { TemplateInput } from './cfn-stacks';
import { diag } from './json-source';
import { isObj } from '../guards';
import { dirOf, norm } from './folder-files';

/** Whether a parsed JSON value is a cloud assembly manifest. */
export function isCdkManifest(v: unknown): boolean {
  return isObj(v) && typeof v.version === 'string' && isObj(v.artifacts);
}

/** Whether a parsed JSON value is Amplify Gen 1's amplify-meta.json (or team-provider-info.json's env entry). */
export function isAmplifyMeta(v: unknown): boolean {
  return (
    isObj(v) &&
    isObj(v.providers) &&
    isObj(v.providers.awscloudformation) &&
    typeof v.providers.awscloudformation.StackName === 'string'
  );
}

/** The side files of an import (manifests, Amplify metadata, parameter files), applied to the templates. */
export interface SideFiles {
  manifests: { file: string; value: Record<string, unknown> }[];
  amplify: { file: string; value: Record<string, unknown> }[];
  parameterFiles: { file: string; value: Record<string, unknown> }[];
}

/** Amplify output keys → the logical ids of the auth category template (amplify-category-auth's template). */
const AMPLIFY_OUTPUT_IDS: Record<string, string> = {
  IdentityPoolId: 'IdentityPool',
  UserPoolId: 'UserPool',
  AppClientID: 'UserPoolClient',
  AppClientIDWeb: 'UserPoolClientWeb',
};

/**
 * Applies the side files to the templates: stack names, environments, parameters and physical ids. Returns errors
 * (a manifest naming a template that is not there: a truncated assembly) and what was inferred.
 */
export function applySideFiles(
  side: SideFiles,
  templates: TemplateInput[],
): { errors: Diagnostic[]; inferred: string[] } {
  const errors: Diagnostic[] = [];
  const inferred: string[] = [];
  for (const m of side.manifests) {
    const base = dirOf(m.file);
    for (const [id, art] of Object.entries(m.value.artifacts as Record<string, unknown>)) {
      if (!isObj(art) || art.type !== 'aws:cloudformation:stack') continue;
      const props = isObj(art.properties) ? art.properties : {};
      const templateFile = typeof props.templateFile === 'string' ? props.templateFile : null;
      if (!templateFile) {
        errors.push(
          diag('cdk.manifest', `artifact ${id} is a stack without properties.templateFile`, {
            file: m.file,
            path: ['artifacts', id, 'properties'],
          }),
        );
        continue;
      }
      const want = norm(base + templateFile);
      const t =
        templates.find((x) => norm(x.file) === want) ??
        templates.find((x) => norm(x.file).endsWith(`/${norm(templateFile)}`));
      if (!t) {
        errors.push(
          diag(
            'cdk.missing-template',
            `the cloud assembly lists stack ${id} with template ${templateFile}, which is not there (a truncated cdk.out? run cdk synth again, or import the whole folder)`,
            { file: m.file, path: ['artifacts', id, 'properties', 'templateFile'] },
          ),
        );
        continue;
      }
      const env = typeof art.environment === 'string' ? /^aws:\/\/([^/]+)\/(.+)$/.exec(art.environment) : null;
      const accountId = env && /^\d{12}$/.test(env[1]) ? env[1] : undefined;
      const region = env && env[2] !== 'unknown-region' ? env[2] : undefined;
      t.stack = {
        ...t.stack,
        stackName: typeof props.stackName === 'string' ? props.stackName : id,
        ...(accountId ? { accountId } : {}),
        ...(region ? { region } : {}),
      };
      inferred.push(
        `${t.file}: stack ${t.stack.stackName} of the cloud assembly ${m.file}${accountId || region ? ` (environment ${accountId ?? 'unknown-account'}/${region ?? 'unknown-region'})` : ''}`,
      );
    }
  }
  for (const a of side.amplify) {
    const cfn = (a.value.providers as Record<string, Record<string, unknown>>).awscloudformation;
    const root =
      templates.find(
        (t) =>
          /(^|\/)root-cloudformation-stack\.json$/.test(norm(t.file)) &&
          (dirOf(a.file) === '' || norm(t.file).startsWith(norm(dirOf(a.file)))),
      ) ?? templates.find((t) => /root-cloudformation-stack\.json$/.test(t.file));
    const account =
      typeof cfn.StackId === 'string' ? /^arn:[\w-]+:cloudformation:[^:]+:(\d{12}):/.exec(cfn.StackId)?.[1] : undefined;
    const region = typeof cfn.Region === 'string' ? cfn.Region : undefined;
    if (root) {
      const parameters: Record<string, unknown> = {};
      for (const k of ['AuthRoleName', 'UnauthRoleName', 'DeploymentBucketName'])
        if (typeof cfn[k] === 'string') parameters[k] = cfn[k];
      root.stack = {
        ...root.stack,
        stackName: String(cfn.StackName),
        ...(account ? { accountId: account } : {}),
        ...(region ? { region } : {}),
        parameters: { ...root.stack?.parameters, ...parameters },
      };
      inferred.push(
        `${root.file}: the Amplify root stack ${String(cfn.StackName)} (${Object.keys(parameters).join(', ')} from ${a.file})`,
      );
    }
    // Each category's pushed outputs name the ids AWS generated for its template's resources.
    for (const [category, resources] of Object.entries(a.value)) {
      if (category === 'providers' || !isObj(resources)) continue;
      for (const [name, r] of Object.entries(resources)) {
        if (!isObj(r) || !isObj(r.output)) continue;
        const t = templates.find(
          (x) => (norm(x.file).split('/').pop() ?? '') === `${name}-cloudformation-template.json`,
        );
        if (!t) continue;
        const ids: Record<string, string> = {};
        for (const [k, v] of Object.entries(r.output))
          if (typeof v === 'string' && AMPLIFY_OUTPUT_IDS[k]) ids[AMPLIFY_OUTPUT_IDS[k]] = v;
        t.stack = {
          ...t.stack,
          ...(account ? { accountId: account } : {}),
          ...(region ? { region } : {}),
          physicalIds: { ...t.stack?.physicalIds, ...ids },
        };
        if (Object.keys(ids).length)
          inferred.push(
            `${t.file}: ${Object.entries(ids)
              .map(([k, v]) => `${k} = ${v}`)
              .join(', ')} (the ids of the last push, from ${a.file})`,
          );
      }
    }
  }
  for (const p of side.parameterFiles) {
    const t = templates.find((x) => dirOf(x.file) === dirOf(p.file) && /-cloudformation-template\.json$/.test(x.file));
    if (!t) continue;
    t.stack = { ...t.stack, parameters: { ...p.value, ...t.stack?.parameters } };
    inferred.push(`${t.file}: parameters from ${p.file} (a parent stack imported together passes its own)`);
  }
  return { errors, inferred };
}
