/**
 * The repository stands alone: no tracked file (tests, examples, docs, README, the CLI's help) reads or points to the
 * developers' folder beside the repository, which a user who clones or installs Rolecall never has.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/rolecall';

const root = resolve(__dirname, '../../..');
// Spelled in pieces so that this file does not match itself.
const outside = [
  '..' + '/shared',
  '/work' + '/shared',
  "'..', '" + "shared'",
  'shared' + '/samples',
  'shared' + '/docs',
];

function trackedFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  } catch (e) {
    console.log(`tracked-file scan skipped: git ls-files failed in ${root}: ${(e as Error).message}`);
    return [];
  }
}

describe('the repository stands alone', () => {
  const files = trackedFiles().filter((f) => !/\.(png|jpe?g|gif|ico|woff2?|zip|tgz)$/.test(f));

  it.skipIf(files.length === 0)('no tracked file refers to a folder beside the repository', () => {
    const hits: string[] = [];
    for (const f of files) {
      let text: string;
      try {
        text = readFileSync(join(root, f), 'utf8');
      } catch {
        continue; // listed but deleted in the working tree
      }
      for (const needle of outside) if (text.includes(needle)) hits.push(`${f}: ${needle}`);
    }
    expect(hits).toEqual([]);
    expect(files).toContain('docs/formats.md');
  });

  it('rolecall --help points to the formats page that ships with the package', async () => {
    let out = '';
    const code = await main(['--help'], { stdout: (s) => (out += s), stderr: () => {}, cwd: root });
    expect(code).toBe(0);
    expect(out).toContain('docs/formats.md');
    for (const needle of outside) expect(out).not.toContain(needle);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files?: string[] };
    expect(pkg.files ?? []).toContain('docs/formats.md');
  });

  it('the README and docs/formats.md link each other, and the README has no link outside the repository tree', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('](docs/formats.md)');
    for (const [, target] of readme.matchAll(/\]\(([^)]+)\)/g)) {
      if (/^https?:/.test(target)) continue;
      expect(target.startsWith('..'), `README link ${target}`).toBe(false);
    }
  });
});
