/**
 * The shipped command: the `rolecall` bin runs the compiled bundle (plain JavaScript in dist/cli/, no TypeScript
 * loader), rebuilds a bundle older than its sources, and the package installs from its `npm pack` tarball into an
 * empty prefix, without the network (it has no runtime dependencies), giving a working `rolecall`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
const bin = join(root, 'bin', 'rolecall.cjs');
const build = createRequire(import.meta.url)(join(root, 'bin', 'build-cli.cjs')) as {
  buildCli: () => Promise<{ ms: number }>;
  isStale: () => string | null;
};
const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

describe('the compiled CLI', () => {
  it('the bin runs dist/cli/rolecall.mjs, plain JavaScript, without a TypeScript loader', async () => {
    await build.buildCli();
    expect(build.isStale()).toBeNull();
    const source = readFileSync(bin, 'utf8');
    expect(source).not.toMatch(/tsx/);
    expect(source).toContain("'dist', 'cli', 'rolecall.mjs'");
    const bundle = readFileSync(join(root, 'dist', 'cli', 'rolecall.mjs'), 'utf8');
    expect(bundle).not.toMatch(/:\s*(string|number|Io)\b[,)]/); // no type annotations left
    const r = spawnSync(process.execPath, [bin, '--help'], {
      encoding: 'utf8',
      env: { ...process.env, ROLECALL_NO_REBUILD: '1' },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('rolecall evaluate');
    expect(r.stderr).toBe('');
  });

  it('a source newer than the bundle is detected, said on stderr, and rebuilt before running', () => {
    const source = join(root, 'cli', 'usage-error.ts');
    const { atime, mtime } = statSync(source);
    try {
      const later = new Date(Date.now() + 5_000);
      utimesSync(source, later, later);
      expect(build.isStale()).toBe('cli/usage-error.ts changed');
      const r = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
      expect(r.stderr).toMatch(/^rolecall: rebuilt the CLI \(cli\/usage-error\.ts changed\) in \d+ ms\n$/);
      expect(r.stdout).toMatch(/^rolecall \d+\.\d+\.\d+/);
      expect(r.status).toBe(0);
    } finally {
      utimesSync(source, atime, mtime);
    }
    expect(build.isStale()).toBeNull();
  });
});

describe('npm pack, then a global install from the tarball', () => {
  it('installs offline into an empty prefix and gives a working rolecall', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolecall-pack-'));
    temp.push(dir);
    const npm = (args: string[], cwd: string) =>
      execFileSync('npm', args, {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, npm_config_update_notifier: 'false' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], root)) as {
      filename: string;
      files: { path: string }[];
    }[];
    const paths = packed[0].files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'bin/rolecall.cjs',
        'dist/cli/rolecall.mjs',
        'docs/formats.md',
        'examples/demo.rolecall.json',
      ]),
    );
    expect(paths.filter((p) => p.endsWith('.ts'))).toEqual([]); // no TypeScript sources: the bundle is all it needs
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      private?: boolean;
      license?: string;
      dependencies?: object;
    };
    expect(pkg.private).toBeUndefined();
    expect(pkg.license).toBe('MIT');
    expect(Object.keys(pkg.dependencies ?? {})).toEqual([]);

    const prefix = join(dir, 'prefix');
    npm(
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--offline',
        '--no-audit',
        '--no-fund',
        join(dir, packed[0].filename),
      ],
      dir,
    );
    const rolecall = join(prefix, 'bin', 'rolecall');
    expect(existsSync(rolecall)).toBe(true);
    const installed = join(prefix, 'lib', 'node_modules', 'rolecall');
    expect(readdirSync(installed)).not.toContain('node_modules');

    const help = spawnSync(rolecall, ['--help'], { cwd: dir, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('docs/formats.md');
    const tested = spawnSync(rolecall, ['test', join(installed, 'examples', 'demo-bucket-guardrails.test.json')], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(tested.stderr).toBe('');
    expect(tested.stdout).toMatch(/\n\d+ passed, 0 failed\n$/);
    expect(tested.status).toBe(0);
    // The command that carries the AWS SDK loads from the bundle too.
    const fetchHelp = spawnSync(rolecall, ['fetch', '--help'], { cwd: dir, encoding: 'utf8' });
    expect(fetchHelp.status).toBe(0);
    expect(fetchHelp.stdout).toContain('Read-only');
  });
});
