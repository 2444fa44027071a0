import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/*
 * A deliberately small SSRF guard for webhook targets. `@newswatch/ingest` has a fuller
 * classifier for feeds, but alerts may import only `db` (DESIGN §1), so the few ranges that
 * matter are duplicated here rather than shared through a new package.
 */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, including cloud metadata 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4 can tunnel to any IPv4 address, private ones included
  ['fc00::', 7], // unique local, including fd00:ec2::254 (AWS metadata)
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/**
 * True when `ip` is a public unicast address a webhook may reach: not loopback, private,
 * shared, link-local, metadata, multicast, documentation or reserved. IPv4-mapped and NAT64
 * (`64:ff9b::/96`) addresses are judged by the IPv4 address they carry.
 */
export function isPublicAddress(ip: string): boolean {
  const literal = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(literal);
  if (family === 4) return !NON_PUBLIC.check(literal, 'ipv4');
  if (family !== 6) return false;
  const nat64 = /^64:ff9b::(?:ffff:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(literal);
  if (nat64) return isPublicAddress(hexPairToIpv4(nat64[1] ?? '0', nat64[2] ?? '0'));
  const nat64Dotted = /^64:ff9b::(\d+\.\d+\.\d+\.\d+)$/i.exec(literal);
  if (nat64Dotted) return isPublicAddress(nat64Dotted[1] ?? '');
  // BlockList applies the IPv4 rules to IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) itself.
  return !NON_PUBLIC.check(literal, 'ipv6');
}

/** Thrown (through the connect callback) when a target resolves only to non-public addresses. */
export class PrivateAddressError extends Error {
  readonly code = 'ERR_PRIVATE_ADDRESS';
  constructor(readonly host: string, readonly address: string) {
    super(`refused to connect to ${host} (${address}): not a public address; private webhook targets are disabled`);
    this.name = 'PrivateAddressError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `dns.lookup` replacement for `net.connect` that drops non-public answers, so the check
 * happens on the address actually connected to (a DNS answer cannot swap in 127.0.0.1 after
 * a pre-flight check passed).
 */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const allowed = addresses.filter((entry) => isPublicAddress(entry.address));
    if (allowed.length === 0) {
      return callback(new PrivateAddressError(hostname, addresses[0]?.address ?? 'no address'), []);
    }
    if (options.all) return callback(null, allowed);
    const first = allowed[0] as LookupAddress;
    return callback(null, first.address, first.family);
  });
}

function hexPairToIpv4(high: string, low: string): string {
  const value = (Number.parseInt(high, 16) << 16) | Number.parseInt(low, 16);
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}
