/**
 * The `rolecall` command line (CONTRACT.md §4). Exit status: 0 when the command ran, 1 for failing tests or audit
 * findings at or above --fail-on, 2 for bad input or usage (one line on stderr naming the file and the place).
 */
import { closest } from '../policy-engine/userpool/index';
import type { Io } from './io';
import { UsageError } from './usage-error';

type Command = (argv: string[], io: Io) => Promise<number>;

// Commands load on demand: `rolecall --help` stays fast, and `evaluate` never loads the AWS SDK.
const commands: Record<string, { run: Command; summary: string }> = {
  evaluate: {
    run: async (a, io) => (await import('./commands/evaluate')).runEvaluate(a, io),
    summary: 'answer each request in a file (docs/formats.md §2) against a workspace',
  },
  resolve: {
    run: async (a, io) => (await import('./commands/resolve')).runResolve(a, io),
    summary: 'which role Cognito gives one identity, with the trace',
  },
  matrix: {
    run: async (a, io) => (await import('./commands/matrix')).runMatrix(a, io),
    summary: 'every S3 and DynamoDB action × resources for principals or identities',
  },
  'who-can': {
    run: async (a, io) => (await import('./commands/who-can')).runWhoCan(a, io),
    summary: 'every way to perform one action on one resource, with the decision and why',
  },
  prove: {
    run: async (a, io) => (await import('./commands/prove')).runProve(a, io),
    summary: 'can anyone (any identity, claims, identity id, context) do an action? a proof or checked witnesses',
  },
  diff: {
    run: async (a, io) => (await import('./commands/diff')).runDiff(a, io),
    summary: 'every decision a workspace change alters, grouped by identity class and role',
  },
  test: {
    run: async (a, io) => (await import('./commands/test')).runTest(a, io),
    summary: 'run policy unit-test files ({ workspace, tests: [{ name, request, expect }] })',
  },
  audit: {
    run: async (a, io) => (await import('./commands/audit')).runAudit(a, io),
    summary: 'findings: what is wrong and what it allows (json, sarif, markdown)',
  },
  import: {
    run: async (a, io) => (await import('./commands/import')).runImport(a, io),
    summary: 'build a workspace from AWS CLI outputs and CloudFormation/CDK templates',
  },
  fetch: {
    run: async (a, io) => (await import('./commands/fetch')).runFetch(a, io),
    summary: 'build a workspace from a live account, read-only',
  },
};

/** The top-level help text. */
function helpText(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'rolecall — which role does a Cognito identity get, and what may it do to S3 and DynamoDB? (offline, explained)',
    '',
    'Usage: rolecall <command> [options]   (rolecall <command> --help for its options)',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Common options: --format json|table (json prints only JSON on stdout)',
    'Exit status: 0 ran, 1 tests failed / findings at or above --fail-on, 2 bad input or usage.',
    'Formats (workspace, request, answer, finding, test file): docs/formats.md in the rolecall package.',
    '',
    'Example:',
    '  rolecall evaluate --workspace examples/demo.rolecall.json --requests examples/requests.json',
    '',
  ].join('\n');
}

/** Runs the CLI with the given arguments; returns the exit status. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.stdout('rolecall 0.1.0\n');
    return 0;
  }
  const command = commands[name];
  if (!command) {
    const guess = closest(name, Object.keys(commands));
    io.stderr(
      `rolecall: unknown command "${name}"${guess ? `; did you mean "${guess}"?` : ''} (try rolecall --help)\n`,
    );
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`rolecall ${name}: ${e.message}\n`);
      return 2;
    }
    io.stderr(`rolecall ${name}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => (data += chunk));
    process.stdin.on('end', () => resolve(data));
    process.stdin.on('error', reject);
  });
}

/** Runs the CLI for this process (bin/rolecall.cjs calls it). */
export function runFromProcess(): void {
  main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    readStdin,
  }).then((code) => {
    process.exitCode = code;
  });
}
