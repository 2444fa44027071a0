/** Why a special-purpose address is not a public unicast Internet address. */
export type RefusedKind = 'unspecified' | 'loopback' | 'private' | 'shared' | 'link-local' | 'metadata' | 'multicast' | 'reserved' | 'documentation';

/** A range no outbound request may reach; `label` is the noun phrase error messages use. */
export interface RefusedRange {
  cidr: string;
  kind: RefusedKind;
  label: string;
}

/**
 * A range whose addresses only wrap an IPv4 address: they are judged by the IPv4 address found
 * at bit `ipv4At`, so a wrapper cannot smuggle a private address past the guard.
 */
export interface WrapperRange {
  cidr: string;
  ipv4At: number;
  /** The name of the wrapping, e.g. `IPv4-mapped`. */
  form: string;
}

/** One row of the range table. */
export type SpecialRange = RefusedRange | WrapperRange;

/** `a` or `an` before a word as it is read aloud (`an IPv4…`, `a NAT64…`). */
export const articleFor = (word: string): string => (/^[aeiouAEIOU]/.test(word) ? 'an' : 'a');

const refused = (cidr: string, kind: RefusedKind, label = `${articleFor(kind)} ${kind} address`): RefusedRange => ({ cidr, kind, label });
const wrapper = (cidr: string, ipv4At: number, form: string): WrapperRange => ({ cidr, ipv4At, form });

/**
 * The one table of special-purpose addresses for feeds, hubs and webhooks: the IANA IPv4 and
 * IPv6 Special-Purpose Address Registries (RFC 6890 and later RFCs), the multicast blocks, the
 * deprecated IPv6 forms (IPv4-compatible, site-local) and the cloud metadata endpoints. When
 * several rows contain an address, the longest prefix decides, so `169.254.169.254/32` names
 * the metadata endpoint inside link-local and `::1/128` wins over the IPv4-compatible `::/96`.
 *
 * Rows the registries mark globally reachable (AS112, AMT, PCP/TURN anycast) are left public
 * where they are not inside a wider refused block; no feed lives there, and refusing a whole
 * block such as 192.0.0.0/24 or 2001::/23 costs nothing.
 */
export const SPECIAL_RANGES: readonly SpecialRange[] = [
  refused('0.0.0.0/8', 'unspecified'),
  refused('10.0.0.0/8', 'private'),
  refused('100.64.0.0/10', 'shared', 'a shared (CGNAT) address'),
  refused('127.0.0.0/8', 'loopback'),
  refused('169.254.0.0/16', 'link-local'),
  refused('169.254.169.254/32', 'metadata', 'a cloud metadata address'),
  refused('172.16.0.0/12', 'private'),
  refused('192.0.0.0/24', 'reserved', 'an IETF protocol assignment address'),
  refused('192.0.2.0/24', 'documentation'),
  refused('192.88.99.0/24', 'reserved', 'a 6to4 relay anycast address'),
  refused('192.168.0.0/16', 'private'),
  refused('198.18.0.0/15', 'reserved', 'a benchmarking address'),
  refused('198.51.100.0/24', 'documentation'),
  refused('203.0.113.0/24', 'documentation'),
  refused('224.0.0.0/4', 'multicast'),
  refused('240.0.0.0/4', 'reserved'),
  refused('255.255.255.255/32', 'reserved', 'the limited broadcast address'),

  refused('::/128', 'unspecified'),
  refused('::1/128', 'loopback'),
  wrapper('::/96', 96, 'IPv4-compatible'),
  wrapper('::ffff:0:0/96', 96, 'IPv4-mapped'),
  wrapper('64:ff9b::/96', 96, 'NAT64'),
  // RFC 8215 lets each network place the IPv4 address anywhere in its local-use prefix.
  refused('64:ff9b:1::/48', 'reserved', 'a local-use NAT64 address'),
  refused('100::/64', 'reserved', 'a discard-only address'),
  refused('100:0:0:1::/64', 'reserved', 'a dummy-prefix address'),
  refused('2001::/23', 'reserved', 'an IETF protocol assignment address'),
  // Teredo carries its server's IPv4 address in the clear and the client's obfuscated: refuse it whole.
  refused('2001::/32', 'reserved', 'a Teredo tunnel address'),
  refused('2001:db8::/32', 'documentation'),
  wrapper('2002::/16', 16, '6to4'),
  refused('3fff::/20', 'documentation'),
  refused('5f00::/16', 'reserved', 'an SRv6 segment identifier'),
  refused('fc00::/7', 'private', 'a private (unique local) address'),
  refused('fd00:ec2::254/128', 'metadata', 'a cloud metadata address'),
  refused('fe80::/10', 'link-local'),
  refused('fec0::/10', 'private', 'a site-local address'),
  refused('ff00::/8', 'multicast'),
  // IANA allocates global unicast only from 2000::/3; the rest of the space is reserved.
  refused('::/3', 'reserved', 'an address outside global unicast space'),
  refused('4000::/2', 'reserved', 'an address outside global unicast space'),
  refused('8000::/1', 'reserved', 'an address outside global unicast space'),
];
