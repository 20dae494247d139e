/**
 * Done-when of issue 10, bad input: a truncated cloud assembly (cdk.out whose manifest.json lists a stack template
 * that is not there) is a clear error naming the manifest and the place, and the CLI writes nothing (exit 2).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../../policy-engine/workspace/import';
import { runImport } from '../../../../cli/commands/import';

const dir = join(__dirname, '../../../fixtures/import/equivalence/cdk.out');
const file = (name: string) => ({ name: `cdk.out/${name}`, text: readFileSync(join(dir, name), 'utf8') });

describe('a truncated cloud assembly', () => {
  it('names the manifest, the artifact and the missing template', () => {
    const { report } = importFiles([file('manifest.json'), file('DataStack.template.json')], {});
    const e = report.errors.find((d) => d.code === 'cdk.missing-template');
    expect(e).toMatchObject({ file: 'cdk.out/manifest.json', severity: 'error' });
    expect(e?.path).toMatch(/^artifacts\.AuthStack\.properties\.templateFile$/);
    expect(e?.message).toMatch(
      /lists stack AuthStack with template AuthStack\.template\.json, which is not there \(a truncated cdk\.out\?/,
    );
  });

  it('rolecall import: exit 2, the error on stderr, nothing written', async () => {
    const out = await mkdtemp(join(tmpdir(), 'rolecall-trunc-'));
    try {
      const o = { stdout: '', stderr: '' };
      const target = join(out, 'w.json');
      const code = await runImport(['cdk.out/manifest.json', 'cdk.out/DataStack.template.json', '-o', target], {
        stdout: (s: string) => void (o.stdout += s),
        stderr: (s: string) => void (o.stderr += s),
        cwd: join(dir, '..'),
      });
      expect(code).toBe(2);
      expect(o.stderr).toMatch(
        /^cdk\.out\/manifest\.json: artifacts\.AuthStack\.properties\.templateFile: the cloud assembly lists stack AuthStack/m,
      );
      expect(existsSync(target)).toBe(false);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
