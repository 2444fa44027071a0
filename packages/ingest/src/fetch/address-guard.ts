import { isIP } from 'node:net';

/**
 * Why an address is not a public unicast Internet address. `public` is the only class a
 * feed (or webhook) fetch may reach unless the operator allows private targets.
 */
export type AddressClass =
  | 'public'
  | 'invalid'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'metadata'
  | 'multicast'
  | 'reserved'
  | 'documentation';

interface Range {
  /** Address bits as a bigint (IPv4 in the low 32 bits of an IPv4 range). */
  base: bigint;
  prefix: number;
  kind: Exclude<AddressClass, 'public' | 'invalid'>;
}

/* Order matters: the first match wins, so the specific metadata addresses come before
   the link-local / ULA ranges that contain them. */
const V4_RANGES: Range[] = [
  v4('169.254.169.254', 32, 'metadata'),
  v4('0.0.0.0', 8, 'unspecified'),
  v4('10.0.0.0', 8, 'private'),
  v4('100.64.0.0', 10, 'shared'),
  v4('127.0.0.0', 8, 'loopback'),
  v4('169.254.0.0', 16, 'link-local'),
  v4('172.16.0.0', 12, 'private'),
  v4('192.0.0.0', 24, 'reserved'),
  v4('192.0.2.0', 24, 'documentation'),
  v4('192.88.99.0', 24, 'reserved'),
  v4('192.168.0.0', 16, 'private'),
  v4('198.18.0.0', 15, 'reserved'),
  v4('198.51.100.0', 24, 'documentation'),
  v4('203.0.113.0', 24, 'documentation'),
  v4('224.0.0.0', 4, 'multicast'),
  v4('240.0.0.0', 4, 'reserved'),
];

const V6_RANGES: Range[] = [
  v6('fd00:ec2::254', 128, 'metadata'),
  v6('::', 128, 'unspecified'),
  v6('::1', 128, 'loopback'),
  v6('100::', 64, 'reserved'),
  v6('2001:db8::', 32, 'documentation'),
  v6('2001::', 23, 'reserved'),
  v6('fc00::', 7, 'private'),
  v6('fe80::', 10, 'link-local'),
  v6('fec0::', 10, 'private'),
  v6('ff00::', 8, 'multicast'),
];

/** Classifies an IPv4 or IPv6 literal (zone ids and IPv4-mapped forms accepted). */
export function classifyAddress(ip: string): AddressClass {
  const literal = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(literal);
  if (family === 4) return classifyV4(parseV4(literal));
  if (family !== 6) return 'invalid';
  const bits = parseV6(literal);
  const embedded = embeddedV4(bits);
  if (embedded !== null) return classifyV4(embedded);
  for (const range of V6_RANGES) {
    if (inRange(bits, 128, range)) return range.kind;
  }
  return 'public';
}

/**
 * True when `ip` is a public unicast address: not loopback, private (RFC 1918, ULA),
 * shared (CGNAT), link-local, cloud metadata, multicast, unspecified or reserved.
 * Used by the feed fetcher's connect-time guard and by alert webhooks.
 */
export function isPublicAddress(ip: string): boolean {
  return classifyAddress(ip) === 'public';
}

/**
 * The class of `ip` as a noun phrase for error messages, e.g. "a private address",
 * "a cloud metadata address", "a shared (CGNAT) address".
 */
export function describeAddressClass(ip: string): string {
  const kind = classifyAddress(ip);
  if (kind === 'invalid') return 'not an IP address';
  if (kind === 'metadata') return 'a cloud metadata address';
  if (kind === 'shared') return 'a shared (CGNAT) address';
  const article = /^[aeiou]/.test(kind) ? 'an' : 'a';
  return `${article} ${kind} address`;
}

function classifyV4(bits: bigint): AddressClass {
  if (bits === 0xffffffffn) return 'reserved';
  for (const range of V4_RANGES) {
    if (inRange(bits, 32, range)) return range.kind;
  }
  return 'public';
}

/**
 * IPv4 addresses smuggled inside IPv6 forms (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d,
 * NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4 address they reach.
 */
function embeddedV4(bits: bigint): bigint | null {
  const high96 = bits >> 32n;
  const low32 = bits & 0xffffffffn;
  if (high96 === 0xffffn) return low32;
  if (high96 === 0n && low32 > 1n) return low32;
  if (high96 === 0x0064ff9b_00000000_00000000n) return low32;
  if (bits >> 112n === 0x2002n) return (bits >> 80n) & 0xffffffffn;
  return null;
}

function inRange(bits: bigint, width: number, range: Range): boolean {
  const shift = BigInt(width - range.prefix);
  return bits >> shift === range.base >> shift;
}

function parseV4(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function parseV6(ip: string): bigint {
  let text = ip.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4bits = parseV4(dotted[1]);
    const hex = `${(v4bits >> 16n).toString(16)}:${(v4bits & 0xffffn).toString(16)}`;
    text = text.slice(0, dotted.index) + hex;
  }
  const [head = '', tail] = text.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headParts.length - tailParts.length;
  const groups = [...headParts, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tailParts];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

function v4(ip: string, prefix: number, kind: Range['kind']): Range {
  return { base: parseV4(ip), prefix, kind };
}

function v6(ip: string, prefix: number, kind: Range['kind']): Range {
  return { base: parseV6(ip), prefix, kind };
}
