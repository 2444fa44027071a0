import { BlockList, isIP } from 'node:net';
import { AddressRefusedError } from './address-refused-error';
import { SPECIAL_RANGES, articleFor, type RefusedKind, type SpecialRange } from './special-ranges';

/** The class of an address: `public` is the only one an outbound request may reach by default. */
export type AddressKind = 'public' | 'invalid' | RefusedKind;

/** An address's class and, for error messages, why it is refused (e.g. "a loopback address"). */
export interface AddressVerdict {
  kind: AddressKind;
  reason: string;
}

type Family = 'ipv4' | 'ipv6';

interface CompiledRange {
  range: SpecialRange;
  network: string;
  family: Family;
  prefix: number;
  list: BlockList;
}

const PUBLIC: AddressVerdict = Object.freeze({ kind: 'public', reason: 'a public address' });
const INVALID: AddressVerdict = Object.freeze({ kind: 'invalid', reason: 'not an IP address' });

const COMPILED: readonly CompiledRange[] = SPECIAL_RANGES.map((range) => {
  const [network = '', bits = ''] = range.cidr.split('/');
  const family: Family = isIP(network) === 4 ? 'ipv4' : 'ipv6';
  const list = new BlockList();
  list.addSubnet(network, Number(bits), family);
  return { range, network, family, prefix: Number(bits), list };
});

/*
 * Every range of a family in one list, so a public address (the common case) costs one check
 * instead of one per row. One list per family: BlockList applies an IPv6 rule such as
 * ::ffff:0:0/96 to plain IPv4 addresses too.
 */
const ANY_RANGE: Readonly<Record<Family, BlockList>> = {
  ipv4: new BlockList(),
  ipv6: new BlockList(),
};
for (const { network, family, prefix } of COMPILED) ANY_RANGE[family].addSubnet(network, prefix, family);

/**
 * Classifies an IPv4 or IPv6 literal (brackets and zone ids accepted) against the one range
 * table. Addresses that only wrap an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4)
 * take the class of the address they wrap.
 */
export function classifyAddress(ip: string): AddressVerdict {
  const literal = ip.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const version = isIP(literal);
  if (version === 0) return INVALID;
  const range = mostSpecificRange(literal, version === 4 ? 'ipv4' : 'ipv6');
  if (!range) return PUBLIC;
  if ('kind' in range) return { kind: range.kind, reason: range.label };
  const wrapped = ipv4At(literal, range.ipv4At);
  const inner = classifyAddress(wrapped);
  if (inner.kind === 'public') return PUBLIC;
  return { kind: inner.kind, reason: `${articleFor(range.form)} ${range.form} form of ${wrapped}, ${inner.reason}` };
}

/** True when `ip` is a public unicast address: in no refused range, and wrapping none. */
export function isPublicAddress(ip: string): boolean {
  return classifyAddress(ip).kind === 'public';
}

/**
 * Throws an {@link AddressRefusedError} unless `address` is public; `host` is the name that
 * resolved to it, for the message (the address itself when the URL held a literal).
 */
export function assertPublicAddress(address: string, host: string = address): void {
  const verdict = classifyAddress(address);
  if (verdict.kind !== 'public') throw new AddressRefusedError(host, address, verdict.reason);
}

function mostSpecificRange(literal: string, family: Family): SpecialRange | null {
  if (!ANY_RANGE[family].check(literal, family)) return null;
  let best: CompiledRange | null = null;
  for (const entry of COMPILED) {
    if (entry.family !== family || (best && entry.prefix <= best.prefix)) continue;
    if (entry.list.check(literal, family)) best = entry;
  }
  return best?.range ?? null;
}

/** The dotted IPv4 address held in the 32 bits of an IPv6 literal that start at bit `offset`. */
function ipv4At(literal: string, offset: number): string {
  const value = Number((ipv6Bits(literal) >> BigInt(128 - offset - 32)) & 0xffffffffn);
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** A valid IPv6 literal (checked by `isIP`) as a 128-bit integer; a dotted IPv4 tail is allowed. */
function ipv6Bits(literal: string): bigint {
  let text = literal.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].reduce((bits, group) => (bits << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}
