/**
 * Runs a CLI command in-process with an Io that records what it writes (tests of `cli/`).
 */
import type { Io } from '../../../cli/io';

/** What a command run produced. */
export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `command(args, io)` with `cwd` and a pinned clock; returns the exit status and output. Standard input (`-`)
 * reads `stdin` when the `stdin` key is given (even as undefined: empty input), and is unavailable otherwise.
 */
export async function runCaptured(
  command: (argv: string[], io: Io) => Promise<number>,
  args: string[],
  options: { cwd: string; now: Date; stdin?: string },
): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd: options.cwd,
    now: () => options.now,
    ...('stdin' in options ? { readStdin: async () => options.stdin ?? '' } : {}),
  };
  const code = await command(args, io);
  return { code, stdout, stderr };
}
