/**
 * Starts the browser host as a child process (`node bin/run-ts.cjs electron/web-host.ts --port 0`) and reads its URL.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running host: the page URL (token in the fragment), its origin, and how to stop it. */
export interface RunningHost {
  url: string;
  origin: string;
  token: string;
  stop(): Promise<void>;
}

/** The repository root (Playwright runs from it). */
export const repoRoot = process.cwd();

/**
 * Copies a screenshot from test/artifacts to docs/screenshots (the README's images), only when asked with
 * ROLECALL_UPDATE_SCREENSHOTS=1 (`npm run screenshots`): `npm test` never changes tracked files.
 */
export function keepForReadme(file: string, name: string): void {
  if (process.env.ROLECALL_UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(join(repoRoot, 'docs', 'screenshots'), { recursive: true });
  copyFileSync(file, join(repoRoot, 'docs', 'screenshots', `${name}.png`));
}

/** Spawns the host with a fresh data dir and waits for its "running at" line. */
export function startWebHost(): Promise<RunningHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rolecall-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(repoRoot, 'bin', 'run-ts.cjs'),
      join(repoRoot, 'electron', 'web-host.ts'),
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)\/#token=([0-9a-f]+)/.exec(output);
      if (match) {
        child.stdout?.off('data', onData);
        resolve({
          url: `${match[1]}/#token=${match[2]}`,
          origin: match[1],
          token: match[2],
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`web host exited with ${code} before it was ready:\n${output}`)));
  });
}
