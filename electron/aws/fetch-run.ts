/**
 * What one fetch shares between its steps: the read-only SDK clients, the files read so far, the per-item failures
 * and the progress count; plus the helpers every step uses (errors made safe to show, plain JSON, paging).
 */
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IAMClient } from '@aws-sdk/client-iam';
import type { IAMClientConfig } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { Diagnostic } from '../../policy-engine/model/index';
import type { ImportFile } from '../../policy-engine/workspace/index';
import { guardReadOnly } from './read-only';

/** Options of a fetch. `credentials` is for tests; the app and CLI use the standard provider chain. */
export interface FetchOptions {
  profile?: string;
  region?: string;
  identityPoolIds?: string[];
  /** A local endpoint (tests against moto). Never set in normal use. */
  endpoint?: string;
  credentials?: IAMClientConfig['credentials'];
  /** SDK attempts per call, throttling included (default 5). */
  maxAttempts?: number;
}

/** Progress of a fetch: `done` of `total` steps (the total grows as pools and resources are discovered). */
export interface FetchProgress {
  done: number;
  total: number;
  message: string;
}

export interface Clients {
  iam: IAMClient;
  cognito(region: string): CognitoIdentityClient;
  userPools(region: string): CognitoIdentityProviderClient;
  s3: S3Client;
  dynamodb(region: string): DynamoDBClient;
}

export function makeClients(opts: FetchOptions, region: string | undefined): Clients {
  const credentials = opts.credentials ?? fromNodeProviderChain(opts.profile ? { profile: opts.profile } : {});
  const common = {
    ...(region ? { region } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    credentials,
    maxAttempts: opts.maxAttempts ?? 5,
    retryMode: 'standard',
  };
  const cache = new Map<string, unknown>();
  const regional = <T>(key: string, make: () => T): T => {
    if (!cache.has(key)) cache.set(key, guardReadOnly(make()));
    return cache.get(key) as T;
  };
  return {
    iam: guardReadOnly(new IAMClient({ ...common, region: region ?? 'us-east-1' })),
    cognito: (r) => regional(`cognito:${r}`, () => new CognitoIdentityClient({ ...common, region: r })),
    userPools: (r) => regional(`cognito-idp:${r}`, () => new CognitoIdentityProviderClient({ ...common, region: r })),
    s3: guardReadOnly(
      new S3Client({
        ...common,
        region: region ?? 'us-east-1',
        followRegionRedirects: true,
        ...(opts.endpoint ? { forcePathStyle: true } : {}),
      }),
    ),
    dynamodb: (r) => regional(`dynamodb:${r}`, () => new DynamoDBClient({ ...common, region: r })),
  };
}

export function errorName(e: unknown): string {
  const err = e as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name ?? err?.Code ?? 'Error';
}

/**
 * An AWS error message made safe to show and to hand to the renderer: a SignatureDoesNotMatch message quotes the
 * canonical request, which holds the session token (x-amz-security-token) and the access key id, so that part is cut
 * and anything shaped like a key id or a token is redacted.
 */
export function errorText(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const cut = msg.split(
    /The Canonical String for this request|The String-to-Sign should have been|<CanonicalRequest>|<StringToSign>/,
  )[0];
  const clean = cut
    .replace(/<[^>]*>/g, ' ')
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, '$1…(redacted)')
    // A token quoted in a URL (x-amz-security-token=…, X-Amz-Credential=…) is percent-encoded: %2B %2F %3D break
    // the plain run below, so the parameter's value goes whole, and so does any long run of base64 and escapes.
    .replace(/(x-amz-(?:security-token|credential|signature)=)[^&\s"'<>]*/gi, '$1(redacted)')
    .replace(/(?:[A-Za-z0-9+/=]|%[0-9A-Fa-f]{2}){100,}/g, '(redacted)')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean || 'no message';
}

export function failure(service: string, item: string, op: string, e: unknown): Diagnostic {
  const name = errorName(e);
  const denied = /AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(name);
  return {
    severity: 'error',
    code: denied ? 'fetch.access-denied' : 'fetch.failed',
    message: `${op} for ${item} failed: ${name}: ${errorText(e)}`,
    path: item,
    file: `aws:${service}`,
  };
}

/** Drops the SDK's `$metadata` and turns Dates into ISO strings, so the result is plain JSON like the CLI's output. */
export function plain(output: object): Record<string, unknown> {
  const { $metadata: _m, ...rest } = output as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

/** One fetch in progress: what it has read, what failed, and how far it is (the total grows as items are found). */
export class FetchRun {
  readonly files: ImportFile[] = [];
  readonly errors: Diagnostic[] = [];
  private done = 0;
  private total = 2;

  constructor(
    readonly clients: Clients,
    private readonly onProgress: (p: FetchProgress) => void,
  ) {}

  /** `n` more steps to come. */
  expect(n: number): void {
    this.total += n;
  }

  step(message: string): void {
    this.onProgress({ done: ++this.done, total: this.total, message });
  }
}

/**
 * Follows NextToken to the end: `page` reads one page (keeping its items itself, so a failure keeps the pages read)
 * and returns the next token. A token the service returns twice stops the paging with an error instead of a loop.
 */
export async function eachPage(page: (next: string | undefined) => Promise<string | undefined>): Promise<void> {
  const seen = new Set<string>();
  let next: string | undefined;
  do {
    next = (await page(next)) || undefined;
    if (next && seen.has(next))
      throw new Error(`the service returned NextToken ${JSON.stringify(next)} twice; stopped paging to avoid a loop`);
    if (next) seen.add(next);
  } while (next);
}
