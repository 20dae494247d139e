// Loaded with `node --require` into a tool that would otherwise go on the network by itself: every TCP connection
// off 127.0.0.1 and every DNS query is refused in-process, before anything leaves the machine, and, when
// ROLECALL_NET_LOG names a file, written to it as one line per attempt (`refused connect HOST`, `refused dns lookup
// HOST`), so a test can show what the process tried. The Electronegativity scan (scripts/electron-security-scan.ts)
// runs under it: the tool downloads its translations from S3 on every run
// (electronegativity-i18n.s3.us-west-2.amazonaws.com, with no option to turn that off) and falls back to the English
// messages it ships when the download fails. Its test (test/unit/repo/electron-security-scan.test.ts) runs the scan
// under it as well and reads the log. (test/setup/no-network.ts does the same for the unit-test process itself.)
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');

const log = process.env.ROLECALL_NET_LOG;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
const local = (host) => LOOPBACK.has(host.replace(/^\[|\]$/g, '')) || /^127\./.test(host);
const refuse = (what) => {
  if (log) fs.appendFileSync(log, `refused ${what}\n`);
  throw new Error(`refused: ${what} (Rolecall's scripts stay off the network)`);
};

const hostOf = (args) => {
  const [first, second] = args;
  if (Array.isArray(first)) return hostOf(first);
  if (typeof first === 'object' && first !== null)
    return typeof first.path === 'string' ? undefined : (first.host ?? 'localhost');
  if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined;
  return typeof second === 'string' ? second : 'localhost';
};
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function offlineConnect(...args) {
  const host = hostOf(args);
  if (host !== undefined && !local(host)) refuse(`connect ${host}`);
  return connect.apply(this, args);
};
for (const target of [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype])
  for (const name of Object.getOwnPropertyNames(target)) {
    const original = target[name];
    if (typeof original !== 'function' || !(name === 'lookup' || name.startsWith('resolve'))) continue;
    target[name] = function offlineDns(host, ...rest) {
      if (typeof host === 'string' && !local(host)) refuse(`dns ${name} ${host}`);
      return original.call(this, host, ...rest);
    };
  }
