/**
 * IpAddress / NotIpAddress: "standard CIDR format (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64). If you
 * specify an IP address without the associated routing prefix, IAM uses the default prefix value of /32" — /128 for
 * IPv6 [INF: a bare address means that single host]. No variables.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
 *
 * Addresses are held as 128 bits; an IPv4 address is its IPv4-mapped IPv6 form ::ffff:a.b.c.d, so an IPv4 range also
 * matches a request from the mapped IPv6 form of an address in it, and ::ffff:0:0/96 matches every IPv4 address [INF].
 */
import type { OperatorFamily } from './types';
import { fixedMatcher, variableNotAllowed } from './types';

/** An address or network as four 32-bit words (most significant first) and a prefix length out of 128. */
export interface IpNet {
  words: Uint32Array;
  prefix: number;
  v4: boolean;
}

function parseV4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = +p;
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n >>> 0;
}

function parseGroups(s: string): number[] | undefined {
  if (s === '') return [];
  const out: number[] = [];
  const groups = s.split(':');
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (i === groups.length - 1 && g.includes('.')) {
      const v4 = parseV4(g);
      if (v4 === undefined) return undefined;
      out.push(v4 >>> 16, v4 & 0xffff);
    } else {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
  }
  return out;
}

function parseV6(s: string): Uint32Array | undefined {
  const dbl = s.indexOf('::');
  let groups: number[] | undefined;
  if (dbl < 0) {
    groups = parseGroups(s);
    if (!groups || groups.length !== 8) return undefined;
  } else {
    if (s.indexOf('::', dbl + 1) >= 0) return undefined;
    const head = parseGroups(s.slice(0, dbl));
    const tail = parseGroups(s.slice(dbl + 2));
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  const w = new Uint32Array(4);
  for (let i = 0; i < 4; i++) w[i] = ((groups[2 * i] << 16) | groups[2 * i + 1]) >>> 0;
  return w;
}

/** Parse a bare IPv4 or IPv6 address (no prefix, no zone). */
export function parseIpAddress(s: string): IpNet | undefined {
  if (s.includes(':')) {
    const w = parseV6(s);
    return w && { words: w, prefix: 128, v4: false };
  }
  const v4 = parseV4(s);
  return v4 === undefined ? undefined : { words: Uint32Array.of(0, 0, 0xffff, v4), prefix: 128, v4: true };
}

/** Parse "address" or "address/prefix" (prefix ≤ 32 for IPv4, ≤ 128 for IPv6). */
export function parseCidr(s: string): IpNet | undefined {
  const slash = s.indexOf('/');
  const addr = parseIpAddress(slash < 0 ? s : s.slice(0, slash));
  if (!addr) return undefined;
  if (slash < 0) return addr;
  const p = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(p)) return undefined;
  const n = +p;
  if (n > (addr.v4 ? 32 : 128)) return undefined;
  return { words: addr.words, prefix: addr.v4 ? n + 96 : n, v4: addr.v4 };
}

/** Is the address inside the network? */
export function cidrContains(net: IpNet, addr: IpNet): boolean {
  for (let i = 0; i < 4; i++) {
    const bits = Math.max(0, Math.min(32, net.prefix - 32 * i));
    if (bits === 0) return true;
    const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
    if ((net.words[i] & mask) >>> 0 !== (addr.words[i] & mask) >>> 0) return false;
  }
  return true;
}

/** The IP address operator family. */
export const ipFamily: OperatorFamily<IpNet> = {
  label: 'IpAddress',
  operators: { IpAddress: { negated: false }, NotIpAddress: { negated: true } },
  keyTypes: ['IPAddress'],
  parseRequest: parseIpAddress,
  requestError: (raw) => `"${raw}" is not an IPv4 or IPv6 address`,
  compileValue(base, value, opts) {
    const issues = variableNotAllowed('IP address', value, opts.variablesEnabled);
    const net = parseCidr(value);
    if (!net) {
      issues.push({
        severity: 'error',
        code: 'condition.bad-value',
        message: `${base} needs an IPv4/IPv6 address or CIDR range such as 203.0.113.0/24; "${value}" is not one.`,
      });
      return { ok: false, issues };
    }
    return { ok: true, issues, matcher: fixedMatcher<IpNet>(value, (r) => cidrContains(net, r)) };
  },
};
