/**
 * Which files of a folder an import reads (`rolecall import cdk.out`, the app's "Import folder…"): the JSON, YAML and
 * .template files, without the folders a cloud assembly or an Amplify project holds that are never templates (code
 * assets, tool caches) and without the files known not to describe the account (CDK's construct tree, asset
 * manifests, Amplify's CLI state). One list for the CLI and the app, so both read the same files.
 */

/** Folders never read. */
export const SKIP_DIRS =
  /^(node_modules|\.git|asset\..*|#current-cloud-backend|amplify-codegen-temp-models|\.amplify|cdk\.out\.tmp)$/;

/** Files never read. */
export const SKIP_FILES =
  /^(tree\.json|cdk\.context\.json|.*\.assets\.json|package(-lock)?\.json|tsconfig\.json|cli-inputs\.json|backend-config\.json|team-provider-info\.json|amplify\.state|override\.ts)$/;

/** The extensions an import reads. */
export const IMPORT_EXTENSIONS = /\.(json|ya?ml|template)$/i;

/** Whether a file at `relPath` (folder/…/name, `/` or `\` separated) under the folder given is read. */
export function folderFileIncluded(relPath: string): boolean {
  const parts = relPath.split(/[\\/]+/).filter(Boolean);
  const name = parts.pop() ?? '';
  // The first part is the folder the user chose itself (cdk.out), which is read whatever its name.
  if (parts.slice(1).some((d) => SKIP_DIRS.test(d))) return false;
  return fileIncluded(name);
}

/** Whether a file named `name` (no folder) is read, wherever it is: the CLI's folder walk prunes SKIP_DIRS itself. */
export function fileIncluded(name: string): boolean {
  return IMPORT_EXTENSIONS.test(name) && !SKIP_FILES.test(name);
}

/** A file name with '/' separators and no leading './' (as files of one import are compared). */
export const norm = (f: string): string => f.replace(/\\/g, '/').replace(/^(\.\/)+/, '');

/** The folder of a file name, with its trailing '/' ('' for a bare name); backslashes read as '/'. */
export const dirOf = (f: string): string => {
  const n = f.replace(/\\/g, '/');
  const i = n.lastIndexOf('/');
  return i < 0 ? '' : n.slice(0, i + 1);
};
