/**
 * A loopback stand-in for the two cognito-identity operations moto does not implement (SetIdentityPoolRoles and
 * GetIdentityPoolRoles answer HTTP 500 there). It is an HTTP proxy on 127.0.0.1: requests whose X-Amz-Target names
 * one of those two operations are answered from memory, everything else is forwarded to moto unchanged.
 * Shapes: https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetIdentityPoolRoles.html
 */
import { createServer, request } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** A running stand-in. */
export interface StandIn {
  endpoint: string;
  /** What SetIdentityPoolRoles stored, per pool id. */
  roles: Map<string, Record<string, unknown>>;
  /** Every X-Amz-Target / Action the proxy saw, in order (to check what was called). */
  seen: string[];
  close(): Promise<void>;
}

const SET = 'AWSCognitoIdentityService.SetIdentityPoolRoles';
const GET = 'AWSCognitoIdentityService.GetIdentityPoolRoles';

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Starts the stand-in in front of moto at `motoPort`. */
export async function startStandIn(motoPort: number): Promise<StandIn> {
  const roles = new Map<string, Record<string, unknown>>();
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const target = String(req.headers['x-amz-target'] ?? '');
      const action = /Action=([A-Za-z]+)/.exec(body.toString('utf8'))?.[1];
      seen.push(target || action || `${req.method} ${req.url}`);
      if (target === SET || target === GET) {
        const input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
        const id = String(input.IdentityPoolId ?? '');
        if (target === SET) {
          roles.set(id, {
            Roles: input.Roles ?? {},
            ...(input.RoleMappings ? { RoleMappings: input.RoleMappings } : {}),
          });
          return json(res, 200, {});
        }
        return json(res, 200, { IdentityPoolId: id, ...(roles.get(id) ?? { Roles: {} }) });
      }
      const fwd = request(
        { host: '127.0.0.1', port: motoPort, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      fwd.on('error', (e) => json(res, 502, { message: e.message }));
      fwd.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    roles,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
