/**
 * The folder rule the CLI (`rolecall import cdk.out`) and the app's "Import folder…" share: templates and JSON/YAML
 * are read; CDK code assets, the construct tree, asset manifests and Amplify's CLI state are not.
 */
import { describe, expect, it } from 'vitest';
import { folderFileIncluded } from '../../../../policy-engine/workspace/folder-files';

describe('folderFileIncluded', () => {
  it.each([
    ['cdk.out/manifest.json', true],
    ['cdk.out/AuthStack.template.json', true],
    ['backend/auth/notesauth/build/parameters.json', true],
    ['svc/serverless.yml', true],
    ['cdk.out/tree.json', false],
    ['cdk.out/AuthStack.assets.json', false],
    ['cdk.out/asset.3f1c2e9d/package.json', false],
    ['cdk.out/asset.3f1c2e9d/index.js', false],
    ['backend/backend-config.json', false],
    ['backend/function/node_modules/x/template.yaml', false],
    ['backend/auth/notesauth/README.md', false],
    ['asset.folder-chosen-itself/stack.template.json', true],
    ['cdk.out\\nested\\Child.template.json', true],
  ])('%s → %s', (path, included) => {
    expect(folderFileIncluded(path)).toBe(included);
  });
});
