import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../../../../policy-engine/evaluate/conditions/index';
import { cidrContains, parseCidr, parseIpAddress } from '../../../../../policy-engine/evaluate/conditions/ip';
import { DOC, run } from './helpers';

// "The value must be in the standard CIDR format (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64). If you
// specify an IP address without the associated routing prefix, IAM uses the default prefix value of /32."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
describe(`IP address operators (${DOC.operators}#Conditions_IPAddress)`, () => {
  it.each([
    ['203.0.113.0/24', '203.0.113.0', true],
    ['203.0.113.0/24', '203.0.113.255', true],
    ['203.0.113.0/24', '203.0.114.0', false],
    ['203.0.113.7', '203.0.113.7', true],
    ['203.0.113.7', '203.0.113.8', false], // bare address = /32
    ['0.0.0.0/0', '198.51.100.1', true],
    ['10.0.0.0/8', '10.255.255.255', true],
    ['10.0.0.0/8', '11.0.0.0', false],
    ['203.0.113.5/24', '203.0.113.200', true], // host bits in the policy value are ignored
    ['2001:DB8:1234:5678::/64', '2001:db8:1234:5678:abcd::1', true],
    ['2001:DB8:1234:5678::/64', '2001:db8:1234:5679::1', false],
    ['2001:db8::1', '2001:db8:0:0:0:0:0:1', true], // bare IPv6 = single host
    ['::/0', '2001:db8::1', true],
    ['203.0.113.0/24', '2001:db8::1', false], // family mismatch
    ['2001:db8::/32', '203.0.113.1', false],
    ['203.0.113.0/24', '::ffff:203.0.113.9', true], // IPv4-mapped IPv6 request inside an IPv4 range
    ['::ffff:0:0/96', '198.51.100.1', true], // the mapped range holds every IPv4 address
  ] as const)('IpAddress %s vs %s → %s', (policy, request, expected) => {
    expect(run('IpAddress', 'aws:SourceIp', [policy], { 'aws:SourceIp': request })).toBe(expected);
    expect(run('NotIpAddress', 'aws:SourceIp', [policy], { 'aws:SourceIp': request })).toBe(!expected);
  });

  it('several ranges OR (mixed IPv4 and IPv6, as in the doc example); NotIpAddress matches none', () => {
    const ranges = ['203.0.113.0/24', '2001:DB8:1234:5678::/64'];
    expect(run('IpAddress', 'aws:SourceIp', ranges, { 'aws:SourceIp': '2001:db8:1234:5678::9' })).toBe(true);
    expect(run('NotIpAddress', 'aws:SourceIp', ranges, { 'aws:SourceIp': '203.0.113.1' })).toBe(false);
    expect(run('NotIpAddress', 'aws:SourceIp', ranges, { 'aws:SourceIp': '192.0.2.1' })).toBe(true);
  });

  // "aws:SourceIp is always present ... except when the requester uses a VPC endpoint ... the condition returns false".
  it(`missing aws:SourceIp (VPC endpoint): IpAddress false, NotIpAddress true, IfExists true (${DOC.operators}#Conditions_IPAddress)`, () => {
    expect(run('IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], {})).toBe(false);
    expect(run('NotIpAddress', 'aws:SourceIp', ['203.0.113.0/24'], {})).toBe(true);
    expect(run('IpAddressIfExists', 'aws:SourceIp', ['203.0.113.0/24'], {})).toBe(true);
  });

  it('an unparseable request address does not match either operator', () => {
    expect(run('IpAddress', 'aws:SourceIp', ['0.0.0.0/0'], { 'aws:SourceIp': 'localhost' })).toBe(false);
    expect(run('NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8'], { 'aws:SourceIp': '300.1.1.1' })).toBe(false);
  });

  it.each([
    '203.0.113.0/33',
    '2001:db8::/129',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '2001:db8:::1',
    '1:2:3:4:5:6:7:8:9',
    'fe80::1%eth0',
    '203.0.113.0/',
    '${aws:SourceIp}',
  ])('policy value %j is a compile error', (v) => {
    const r = compileCondition(
      { operator: 'IpAddress', key: 'aws:SourceIp', values: [v], path: 'p' },
      { variablesEnabled: true },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].code).toBe('condition.bad-value');
  });

  it('parses IPv6 forms with compression and an embedded IPv4 tail', () => {
    const a = parseIpAddress('::ffff:192.0.2.1');
    const b = parseIpAddress('192.0.2.1');
    expect(a && Array.from(a.words)).toEqual(b && Array.from(b.words));
    expect(parseIpAddress('::')).toBeDefined();
    expect(parseIpAddress('1::')).toBeDefined();
    const net = parseCidr('2001:db8::/32');
    const inside = parseIpAddress('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff');
    expect(net && inside && cidrContains(net, inside)).toBe(true);
  });
});
