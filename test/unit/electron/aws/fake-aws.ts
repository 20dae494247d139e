/**
 * Test helper: a scripted stand-in for the AWS APIs `fetchAccount` calls, on 127.0.0.1. It speaks each service's real
 * wire protocol (IAM's query/XML, Cognito's and DynamoDB's JSON 1.1/1.0, S3's REST/XML), so the SDK's own paging
 * inputs, error parsing and retry-with-backoff run exactly as against AWS. Every request is recorded.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';

/** One request as the fake saw it: the operation name and its input. */
export interface SeenRequest {
  op: string;
  input: Record<string, unknown>;
}

/** What a handler answers: a status, a body and its content type. */
export interface FakeReply {
  status?: number;
  body: string;
  type?: string;
}

/** Answers one operation; `n` counts the calls of that operation so far (1 for the first). */
export type FakeHandler = (input: Record<string, unknown>, n: number) => FakeReply;

/** A running fake. */
export interface FakeAws {
  endpoint: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** Identifies the operation of a request from its protocol. */
function operation(req: IncomingMessage, body: string): SeenRequest {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string')
    return { op: target.split('.').pop() ?? target, input: body ? (JSON.parse(body) as Record<string, unknown>) : {} };
  if (req.method === 'POST' && body.includes('Action=')) {
    const form = new URLSearchParams(body);
    return { op: form.get('Action') ?? '?', input: Object.fromEntries(form) };
  }
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.searchParams.has('policy')) return { op: 'GetBucketPolicy', input: { Bucket: url.pathname.split('/')[1] } };
  return { op: `${req.method} ${url.pathname}`, input: {} };
}

/** Starts the fake with one handler per operation; an operation without one answers 400 UnknownOperation. */
export async function startFakeAws(handlers: Record<string, FakeHandler>): Promise<FakeAws> {
  const seen: SeenRequest[] = [];
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    void read(req).then((body) => {
      const request = operation(req, body);
      seen.push(request);
      const n = (counts.get(request.op) ?? 0) + 1;
      counts.set(request.op, n);
      const handler = handlers[request.op];
      const reply = handler
        ? handler(request.input, n)
        : json(400, { __type: 'UnknownOperationException', message: `fake: no handler for ${request.op}` });
      res.writeHead(reply.status ?? 200, {
        'content-type': reply.type ?? 'application/x-amz-json-1.1',
        'x-amzn-requestid': `req-${seen.length}`,
      });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A JSON-protocol reply (Cognito identity, DynamoDB); errors carry `__type` as those services do. */
export function json(status: number, body: unknown): FakeReply {
  return { status, body: JSON.stringify(body), type: 'application/x-amz-json-1.1' };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Serialises a value as IAM's query-protocol XML: lists as `<member>` elements, SummaryMap as entries. */
export function xmlOf(value: unknown, name = ''): string {
  if (Array.isArray(value)) return value.map((v) => `<member>${xmlOf(v)}</member>`).join('');
  if (typeof value === 'object' && value !== null) {
    if (name === 'SummaryMap')
      return Object.entries(value)
        .map(([k, v]) => `<entry><key>${k}</key><value>${String(v)}</value></entry>`)
        .join('');
    return Object.entries(value)
      .map(([k, v]) => `<${k}>${xmlOf(v, k)}</${k}>`)
      .join('');
  }
  return esc(String(value));
}

/** An IAM query-protocol success reply. */
export function iamReply(op: string, result: Record<string, unknown>): FakeReply {
  return {
    body: `<${op}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${op}Result>${xmlOf(result)}</${op}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${op}Response>`,
    type: 'text/xml',
  };
}

/** An IAM query-protocol error reply (`Throttling`, `AccessDenied`, …). */
export function iamError(status: number, code: string, message: string): FakeReply {
  return {
    status,
    body: `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
    type: 'text/xml',
  };
}

/** An S3 REST error reply. */
export function s3Error(status: number, code: string, message: string): FakeReply {
  return {
    status,
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${esc(message)}</Message><RequestId>r</RequestId></Error>`,
    type: 'application/xml',
  };
}
