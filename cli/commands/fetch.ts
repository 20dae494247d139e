/**
 * `rolecall fetch [--profile P] [--region R] [--identity-pool ID]… -o W` (CONTRACT §4): builds a workspace from a live
 * account with read-only calls. Progress goes to stderr; per-item failures (AccessDenied on one call) are listed and
 * the rest is written (exit 0); nothing loaded at all (no credentials, no access) is exit 2.
 */
import type { Io } from '../io';
import { fetchPolicy } from '../../electron/aws/read-only';
import { formatDiagnostic, serializeWorkspace } from '../../policy-engine/workspace/index';
import { saveAndReport } from './import';
import { parseOptions, usageExit } from './shared';

/** The `--help` text of `rolecall fetch`. */
const FETCH_HELP = `Usage: rolecall fetch [--profile P] [--region R] [--identity-pool ID]… -o WORKSPACE
       rolecall fetch --print-policy

Reads IAM (roles, users, groups, managed policies), Cognito identity pools (roles, role mappings, principal tags),
the bucket policies and DynamoDB resource policies of the buckets and tables the policies name, from a live
account. Read-only: only Get/List/Describe calls are allowed (any other call is refused before it is sent).
Credentials come from the standard chain (profile, SSO, environment) and never leave this process.

Options:
  -o, --output W          where to write the workspace (- for stdout)
  --profile P             the AWS profile (default: the standard chain)
  --region R              the region of the identity pools (default: the profile's)
  --identity-pool ID      only this identity pool (repeatable; default: every pool in the region)
  --max-attempts N        attempts per call, throttling retried with backoff (default 5)
  --format table|json     the report format (json prints only JSON on stdout)
  --print-policy          print the IAM policy fetch needs (exactly the read-only calls it may make) and exit
  -h, --help              this help

Exit status: 0 written (per-item failures are listed), 2 bad usage or nothing could be read.
`;

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  profile: { type: 'string' },
  region: { type: 'string' },
  'identity-pool': { type: 'string', multiple: true },
  'max-attempts': { type: 'string' },
  endpoint: { type: 'string' },
  format: { type: 'string' },
  'print-policy': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const usage = (io: Io, message: string) => usageExit(io, 'fetch', message);

/** Runs `rolecall fetch`; returns the exit status. */
export async function runFetch(argv: string[], io: Io): Promise<number> {
  let args;
  try {
    args = parseOptions(argv, OPTIONS);
  } catch (e) {
    return usage(io, (e as Error).message);
  }
  const { values } = args;
  if (values.help) {
    io.stdout(FETCH_HELP);
    return 0;
  }
  if (values['print-policy']) {
    // The same allow-list the guard on every AWS client enforces, so the policy can never lag behind the code.
    io.stdout(JSON.stringify(fetchPolicy(), null, 2) + '\n');
    return 0;
  }
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') return usage(io, `--format must be table or json, got "${format}"`);
  if (!values.output) return usage(io, '-o WORKSPACE is required (use -o - for stdout)');
  const maxAttempts = values['max-attempts'] === undefined ? undefined : Number(values['max-attempts']);
  if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && maxAttempts >= 1 && maxAttempts <= 20)) {
    return usage(io, `--max-attempts must be a whole number from 1 to 20, got "${values['max-attempts']}"`);
  }
  // --endpoint is for tests against a local API only; anything but loopback is refused.
  if (values.endpoint && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(values.endpoint)) {
    return usage(io, `--endpoint must be a loopback URL (http://127.0.0.1:PORT), got "${values.endpoint}"`);
  }
  // The AWS SDK loads only when an account is read (not for --help or --print-policy).
  const { fetchAccount } = await import('../../electron/aws/fetch');
  const { workspace, report } = await fetchAccount(
    {
      profile: values.profile,
      region: values.region,
      identityPoolIds: values['identity-pool'],
      maxAttempts,
      ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    },
    (p) => io.stderr(`[${p.done}/${p.total}] ${p.message}\n`),
  );
  const loadedSomething =
    (workspace.iam?.RoleDetailList?.length ?? 0) +
      (workspace.identityPools?.length ?? 0) +
      (workspace.iam?.Policies?.length ?? 0) >
    0;
  for (const d of report.errors) io.stderr(`${formatDiagnostic(d)}\n`);
  if (!loadedSomething && report.errors.length > 0) {
    io.stderr('rolecall fetch: nothing could be read from the account (see the errors above)\n');
    return 2;
  }
  const text = serializeWorkspace(workspace);
  if (values.output === '-') {
    io.stdout(text);
    return 0;
  }
  return saveAndReport(io, 'fetch', values.output, text, workspace, report, format);
}
