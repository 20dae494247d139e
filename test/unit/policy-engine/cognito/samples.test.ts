/**
 * Every identity case of the demo example test files (examples/demo-*.test.json) resolves, through role resolution alone, to the
 * role (or the refusal) its `expect` names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveIdentity } from '../../../../policy-engine/cognito/index';
import { prepareWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { Request } from '../../../../policy-engine/model/request';
import type { Workspace } from '../../../../policy-engine/model/workspace';

const dir = resolve(__dirname, '../../../../examples');
// The demo-*.test.json examples (multi-provider.test.json pins its own time and has its own CLI test).
const files = readdirSync(dir)
  .filter((f) => f.startsWith('demo-') && f.endsWith('.test.json'))
  .sort();
const NOW = new Date('2026-03-01T12:00:00Z');

it('the examples folder holds test files', () => {
  expect(files.length).toBeGreaterThanOrEqual(3);
});

for (const file of files) {
  const suite = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    workspace: Workspace | string;
    tests: { name: string; request: Request; expect: Record<string, unknown>; why?: string }[];
  };
  const workspace =
    typeof suite.workspace === 'string'
      ? (JSON.parse(readFileSync(join(dir, suite.workspace), 'utf8')) as Workspace)
      : suite.workspace;
  const pw = prepareWorkspace(workspace);
  describe(`example ${file}`, () => {
    const cases = suite.tests.filter((t) => t.request.identity);
    it('has identity cases', () => {
      expect(cases.length + suite.tests.filter((t) => t.request.principal).length).toBe(suite.tests.length);
    });
    for (const t of cases) {
      // Each case's `why` names its AWS source (role-based-access-control.html, authentication-flow.html, …).
      it(`${t.name} — ${(t.why ?? '').match(/https:\/\/\S+?(?=[),\s])/)?.[0] ?? 'see the sample'}`, () => {
        const r = resolveIdentity(pw, t.request.identity!, { now: NOW, explain: true });
        const e = t.expect as {
          decision?: string;
          roleArn?: string | null;
          resolution?: { error?: { code?: string } };
        };
        if ('roleArn' in e) expect(r.roleArn).toBe(e.roleArn);
        if (e.decision === 'noCredentials') expect(r.principal).toBeNull();
        else if (e.decision) expect(r.principal?.roleArn).toBe(e.roleArn ?? r.roleArn);
        if (e.resolution?.error) expect(r.resolution.error).toMatchObject(e.resolution.error);
      });
    }
  });
}
