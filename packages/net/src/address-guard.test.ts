import { describe, expect, it } from 'vitest';
import { assertPublicAddress, classifyAddress, isPublicAddress } from './address-guard';
import { AddressRefusedError } from './address-refused-error';
import { SPECIAL_RANGES } from './special-ranges';

/* Every special-purpose range, by an address at its start, one inside and one at its end. */
const REFUSED: ReadonlyArray<readonly [range: string, addresses: readonly string[], kind: string]> = [
  ['0.0.0.0/8', ['0.0.0.0', '0.1.2.3', '0.255.255.255'], 'unspecified'],
  ['10.0.0.0/8', ['10.0.0.0', '10.1.2.3', '10.255.255.255'], 'private'],
  ['100.64.0.0/10', ['100.64.0.0', '100.100.100.200', '100.127.255.255'], 'shared'],
  ['127.0.0.0/8', ['127.0.0.1', '127.8.8.8', '127.255.255.255'], 'loopback'],
  ['169.254.0.0/16', ['169.254.0.0', '169.254.1.1', '169.254.255.255'], 'link-local'],
  ['169.254.169.254/32', ['169.254.169.254'], 'metadata'],
  ['172.16.0.0/12', ['172.16.0.0', '172.20.1.1', '172.31.255.255'], 'private'],
  ['192.0.0.0/24', ['192.0.0.0', '192.0.0.170', '192.0.0.255'], 'reserved'],
  ['192.0.2.0/24', ['192.0.2.0', '192.0.2.5', '192.0.2.255'], 'documentation'],
  ['192.88.99.0/24', ['192.88.99.0', '192.88.99.1', '192.88.99.255'], 'reserved'],
  ['192.168.0.0/16', ['192.168.0.0', '192.168.1.1', '192.168.255.255'], 'private'],
  ['198.18.0.0/15', ['198.18.0.0', '198.18.0.1', '198.19.255.255'], 'reserved'],
  ['198.51.100.0/24', ['198.51.100.0', '198.51.100.7', '198.51.100.255'], 'documentation'],
  ['203.0.113.0/24', ['203.0.113.0', '203.0.113.9', '203.0.113.255'], 'documentation'],
  ['224.0.0.0/4', ['224.0.0.0', '224.0.0.1', '239.255.255.255'], 'multicast'],
  ['240.0.0.0/4', ['240.0.0.0', '240.0.0.1', '255.255.255.254'], 'reserved'],
  ['255.255.255.255/32', ['255.255.255.255'], 'reserved'],
  ['::/128', ['::', '0:0:0:0:0:0:0:0'], 'unspecified'],
  ['::1/128', ['::1', '0:0:0:0:0:0:0:1', '[::1]'], 'loopback'],
  ['::ffff:0:0/96 (mapped, judged by its IPv4)', ['::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.1.2.3', '::ffff:169.254.169.254'], 'mapped'],
  ['::/96 (IPv4-compatible, judged by its IPv4)', ['::127.0.0.1', '::7f00:1', '::169.254.169.254', '::10.0.0.1', '::0.0.0.2'], 'compatible'],
  ['64:ff9b::/96 (NAT64, judged by its IPv4)', ['64:ff9b::a9fe:a9fe', '64:ff9b::10.0.0.1', '64:ff9b::7f00:1', '64:ff9b::192.168.0.1'], 'nat64'],
  ['64:ff9b:1::/48', ['64:ff9b:1::', '64:ff9b:1::7f00:1', '64:ff9b:1::808:808', '64:ff9b:1:ffff:ffff:ffff:ffff:ffff'], 'reserved'],
  ['100::/64', ['100::', '100::1', '100::ffff:ffff:ffff:ffff'], 'reserved'],
  ['100:0:0:1::/64', ['100:0:0:1::', '100:0:0:1::1'], 'reserved'],
  ['2001::/23', ['2001::', '2001:2::1', '2001:10::1', '2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff'], 'reserved'],
  ['2001::/32 (Teredo)', ['2001:0:7f00:1::', '2001:0:4136:e378:8000:63bf:3fff:fdd2', '2001:0:a00:1::'], 'reserved'],
  ['2001:db8::/32', ['2001:db8::', '2001:db8::1', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'], 'documentation'],
  ['2002::/16 (6to4, judged by its IPv4)', ['2002:c0a8:0101::1', '2002:7f00:1::', '2002:a9fe:a9fe::1'], 'six-to-four'],
  ['3fff::/20', ['3fff::', '3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff'], 'documentation'],
  ['5f00::/16', ['5f00::', '5f00:1::1'], 'reserved'],
  ['fc00::/7', ['fc00::', 'fc00::1', 'fd12:3456::1', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], 'private'],
  ['fd00:ec2::254/128', ['fd00:ec2::254'], 'metadata'],
  ['fe80::/10', ['fe80::', 'fe80::1', 'fe80::1%eth0', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], 'link-local'],
  ['fec0::/10', ['fec0::', 'fec0::1', 'feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], 'private'],
  ['ff00::/8', ['ff00::', 'ff02::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], 'multicast'],
  ['outside 2000::/3', ['::1:0:0:0', '::ffff:0:7f00:1', '1::', '1fff::1', '4000::1', 'fbff::1'], 'reserved'],
];

/* Classes of the wrapped forms, by address (the class of the IPv4 address they carry). */
const WRAPPED_KIND: Record<string, string> = {
  '::ffff:127.0.0.1': 'loopback',
  '::ffff:7f00:1': 'loopback',
  '::ffff:10.1.2.3': 'private',
  '::ffff:169.254.169.254': 'metadata',
  '::127.0.0.1': 'loopback',
  '::7f00:1': 'loopback',
  '::169.254.169.254': 'metadata',
  '::10.0.0.1': 'private',
  '::0.0.0.2': 'unspecified',
  '64:ff9b::a9fe:a9fe': 'metadata',
  '64:ff9b::10.0.0.1': 'private',
  '64:ff9b::7f00:1': 'loopback',
  '64:ff9b::192.168.0.1': 'private',
  '2002:c0a8:0101::1': 'private',
  '2002:7f00:1::': 'loopback',
  '2002:a9fe:a9fe::1': 'metadata',
};

/* The forms that slipped through one of the two guards this package replaces (issue 11.7). */
const DRIFT_CASES = ['::127.0.0.1', '::169.254.169.254', '2001:0:7f00:1::', '64:ff9b:1::7f00:1'];

const PUBLIC_EXAMPLES = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.215.14',
  '9.255.255.255',
  '11.0.0.0',
  '100.63.255.255',
  '100.128.0.1',
  '126.255.255.255',
  '128.0.0.0',
  '169.253.255.255',
  '172.15.255.255',
  '172.32.0.1',
  '192.0.1.255',
  '192.0.3.0',
  '192.169.0.1',
  '198.17.255.255',
  '198.20.0.0',
  '223.255.255.255',
  '2606:4700:4700::1111',
  '2a00:1450:4001::200e',
  '2001:200::1',
  '2001:db9::1',
  '2003::1',
  '3ffe:ffff::1',
  '3fff:1000::1',
  '::ffff:8.8.8.8',
  '::8.8.8.8',
  '64:ff9b::808:808',
  '64:ff9b::8.8.8.8',
  '2002:808:808::1',
];

describe('classifyAddress', () => {
  for (const [range, addresses, kind] of REFUSED) {
    it.each(addresses)(`refuses %s (${range})`, (ip) => {
      const verdict = classifyAddress(ip);
      expect(verdict.kind).toBe(WRAPPED_KIND[ip] ?? kind);
      expect(verdict.reason).toMatch(/^(an?|the) /);
      expect(isPublicAddress(ip)).toBe(false);
    });
  }

  it.each(DRIFT_CASES)('refuses %s, which one of the old guards let through', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each(PUBLIC_EXAMPLES)('allows %s', (ip) => {
    expect(classifyAddress(ip)).toEqual({ kind: 'public', reason: 'a public address' });
    expect(isPublicAddress(ip)).toBe(true);
  });

  it.each(['not-an-ip', '', '127.1', '0x7f.0.0.1', '1.2.3.4.5', '::1::', 'localhost'])('calls %j invalid, never public', (ip) => {
    expect(classifyAddress(ip).kind).toBe('invalid');
    expect(isPublicAddress(ip)).toBe(false);
  });

  it('covers every row of the range table', () => {
    const tested = new Set(REFUSED.map(([range]) => range.split(' ')[0]));
    const rows = SPECIAL_RANGES.map((row) => row.cidr).filter((cidr) => !['::/3', '4000::/2', '8000::/1'].includes(cidr));
    expect(rows.filter((cidr) => !tested.has(cidr))).toEqual([]);
  });

  it('words the reason for error messages, naming the IPv4 address a wrapper carries', () => {
    expect(classifyAddress('10.0.0.1').reason).toBe('a private address');
    expect(classifyAddress('::1').reason).toBe('a loopback address');
    expect(classifyAddress('169.254.169.254').reason).toBe('a cloud metadata address');
    expect(classifyAddress('100.64.0.1').reason).toBe('a shared (CGNAT) address');
    expect(classifyAddress('0.0.0.0').reason).toBe('an unspecified address');
    expect(classifyAddress('2001:0:7f00:1::').reason).toBe('a Teredo tunnel address');
    expect(classifyAddress('64:ff9b:1::7f00:1').reason).toBe('a local-use NAT64 address');
    expect(classifyAddress('::127.0.0.1').reason).toBe('an IPv4-compatible form of 127.0.0.1, a loopback address');
    expect(classifyAddress('::ffff:7f00:1').reason).toBe('an IPv4-mapped form of 127.0.0.1, a loopback address');
    expect(classifyAddress('64:ff9b::a9fe:a9fe').reason).toBe('a NAT64 form of 169.254.169.254, a cloud metadata address');
    expect(classifyAddress('2002:c0a8:0101::1').reason).toBe('a 6to4 form of 192.168.1.1, a private address');
  });
});

describe('assertPublicAddress', () => {
  it('throws an error naming the host, the address and the reason', () => {
    expect(() => assertPublicAddress('8.8.8.8')).not.toThrow();
    expect(() => assertPublicAddress('127.0.0.1')).toThrow(new AddressRefusedError('127.0.0.1', '127.0.0.1', 'a loopback address'));
    expect(() => assertPublicAddress('127.0.0.1')).toThrow('refused: 127.0.0.1 is a loopback address');
    expect(() => assertPublicAddress('10.0.0.7', 'intranet.test')).toThrow('refused: intranet.test resolves to 10.0.0.7, a private address');
  });
});
