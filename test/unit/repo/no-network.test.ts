/**
 * The guard of test/setup/no-network.ts works: a connection off 127.0.0.1 is refused before it is made and recorded
 * (so the test that tried fails), loopback connections work, and the instance-metadata fallback is off.
 */
import { createServer } from 'node:net';
import net from 'node:net';
import { describe, expect, it } from 'vitest';

const refused = (): string[] =>
  (globalThis as { __rolecallRefusedConnections?: string[] }).__rolecallRefusedConnections ?? [];

describe('no test sends traffic off 127.0.0.1', () => {
  it('AWS_EC2_METADATA_DISABLED is true in every test', () => {
    expect(process.env.AWS_EC2_METADATA_DISABLED).toBe('true');
  });

  it('a connection to another address or a host name is refused and recorded; the record fails the test', async () => {
    expect(() => net.connect({ host: '203.0.113.7', port: 443 })).toThrow(/tests may only talk to 127\.0\.0\.1/);
    expect(() => net.connect(80, 'example.com')).toThrow(/example\.com/);
    await expect(fetch('http://169.254.169.254/latest/meta-data/')).rejects.toThrow();
    expect(refused()).toEqual(['203.0.113.7', 'example.com', '169.254.169.254']);
    // This test expected them: clear the record so the afterEach check does not fail it.
    refused().splice(0);
  });

  it('loopback connections still work', async () => {
    const server = createServer((s) => s.end('hi'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const got = await new Promise<string>((resolve, reject) => {
      const c = net.connect(port, '127.0.0.1');
      let text = '';
      c.on('data', (d) => (text += d.toString()));
      c.on('end', () => resolve(text));
      c.on('error', reject);
    });
    server.close();
    expect(got).toBe('hi');
    expect(refused()).toEqual([]);
  });
});
