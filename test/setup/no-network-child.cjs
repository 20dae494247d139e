// Loaded with `node --require` into a child process a test starts (see electron-security-scan.test.ts): every TCP
// connection off 127.0.0.1 and every DNS query is refused before anything leaves the machine, and written to the file
// named by ROLECALL_NET_LOG, so the test can show the child tried nothing. (test/setup/no-network.ts does the same
// for the test process itself.)
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');

const log = process.env.ROLECALL_NET_LOG;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
const refuse = (what) => {
  if (log) fs.appendFileSync(log, `${what}\n`);
  throw new Error(`refused: ${what} (this process may only talk to 127.0.0.1)`);
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
net.Socket.prototype.connect = function guardedConnect(...args) {
  const host = hostOf(args);
  if (host !== undefined && !LOOPBACK.has(host.replace(/^\[|\]$/g, '')) && !/^127\./.test(host))
    refuse(`connect ${host}`);
  return connect.apply(this, args);
};
const guardDns = (target, name) => {
  const original = target[name];
  if (typeof original !== 'function') return;
  target[name] = function guardedDns(host, ...rest) {
    if (typeof host === 'string' && !LOOPBACK.has(host)) refuse(`dns ${name} ${host}`);
    return original.call(this, host, ...rest);
  };
};
for (const target of [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype])
  for (const name of Object.keys(target).concat(Object.getOwnPropertyNames(target)))
    if (name === 'lookup' || name.startsWith('resolve')) guardDns(target, name);
