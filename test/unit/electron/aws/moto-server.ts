/**
 * Test helper: starts moto's server (a local AWS API fake) on a free 127.0.0.1 port and stops it again.
 * `MOTO_IAM_LOAD_MANAGED_POLICIES=true` makes AWS managed policies exist, as in a real account (TOOLCHAIN.md).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';

/** Why moto cannot run here, or null when it can. */
export function motoUnavailable(): string | null {
  const r = spawnSync('python3', ['-c', 'import moto.server'], { encoding: 'utf8' });
  if (r.error) return `python3 is not available (${r.error.message})`;
  return r.status === 0 ? null : `moto is not installed (${(r.stderr || '').trim().split('\n').pop()})`;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** A running moto server. */
export interface Moto {
  port: number;
  endpoint: string;
  stop(): Promise<void>;
}

/** Spawns moto and waits until it accepts connections (up to 30 s). */
export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  const deadline = Date.now() + 30_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) throw new Error(`moto exited early: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`moto did not start on port ${port}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
