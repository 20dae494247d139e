/**
 * Unit tests never send traffic off 127.0.0.1 (issue 17): every TCP connection a test opens goes through
 * net.Socket.prototype.connect (node:http, undici's fetch and the AWS SDK included), so a connection to any other
 * address or host name is refused here, before a packet leaves, and the test that tried fails. The AWS credential
 * chain's instance-metadata fallback (169.254.169.254) is also switched off: AWS_EC2_METADATA_DISABLED=true.
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-imds-client.html
 */
import net from 'node:net';
import { afterEach } from 'vitest';

process.env.AWS_EC2_METADATA_DISABLED = 'true';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

/** Connections refused since the last test ended (a test that expects one clears it: see no-network.test.ts). */
export const refusedConnections: string[] = [];
(globalThis as { __rolecallRefusedConnections?: string[] }).__rolecallRefusedConnections = refusedConnections;

/** The host a connect() call names; undefined for a local (Unix) socket path. */
function hostOf(args: unknown[]): string | undefined {
  const [first, second] = args;
  if (Array.isArray(first)) return hostOf(first);
  if (typeof first === 'object' && first !== null) {
    const o = first as { path?: string; host?: string };
    if (typeof o.path === 'string') return undefined;
    return o.host ?? 'localhost';
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined; // a socket path
  return typeof second === 'string' ? second : 'localhost';
}

const original = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const host = hostOf(args);
  if (host !== undefined && !LOOPBACK.has(host.replace(/^\[|\]$/g, '')) && !/^127\./.test(host)) {
    refusedConnections.push(host);
    throw new Error(`a test tried to connect to ${host}: tests may only talk to 127.0.0.1`);
  }
  return (original as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof original;

afterEach(() => {
  if (refusedConnections.length === 0) return;
  const hosts = refusedConnections.splice(0);
  throw new Error(`this test tried to send traffic off 127.0.0.1 (to ${[...new Set(hosts)].join(', ')})`);
});
