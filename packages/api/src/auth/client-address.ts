import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { BlockList, isIP } from 'node:net';

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is `10.0.0.1`. */
const unmapped = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

/** An X-Forwarded-For entry as an address: `[::1]:80` and `1.2.3.4:80` lose brackets and port. */
function entryAddress(entry: string): string | null {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  const candidate = bracketed ? bracketed[1]! : /^\d+\.\d+\.\d+\.\d+:\d+$/.test(entry) ? entry.slice(0, entry.lastIndexOf(':')) : entry;
  return isIP(candidate) ? unmapped(candidate) : null;
}

/**
 * The proxies named by TRUST_PROXY (addresses or CIDR ranges); null when none is, and then
 * X-Forwarded-For is never read. Throws on an entry that is neither.
 */
export function trustedProxyList(entries: readonly string[]): BlockList | null {
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(address)) throw new Error(`TRUST_PROXY: "${entry}" is not an IP address or CIDR range`);
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/** The address of the TCP peer, or null when the request did not come through a socket. */
function peerAddress(c: Context): string | null {
  try {
    const address = getConnInfo(c).remote.address;
    return address ? unmapped(address) : null;
  } catch {
    return null;
  }
}

/**
 * The client's address for rate limiting. Without trusted proxies it is the socket peer and
 * X-Forwarded-For is ignored: anyone can send that header. When the peer is a trusted proxy, the
 * header is read right to left past every trusted hop; the first untrusted address is the
 * client (entries further left were written by the client itself and prove nothing).
 */
export function clientAddress(c: Context, trusted: BlockList | null): string {
  const peer = peerAddress(c) ?? 'unknown';
  if (!trusted || !isIP(peer) || !trusted.check(peer, isIP(peer) === 6 ? 'ipv6' : 'ipv4')) return peer;
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  let client = peer;
  for (const hop of hops.reverse()) {
    const address = entryAddress(hop);
    // A trusted proxy writes addresses only: garbage here came from further left, untrusted.
    if (address === null) return client;
    client = address;
    if (!trusted.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')) return address;
  }
  return client;
}

/**
 * The unit a client address is rate-limited as: an IPv4 address, or the /64 network of an IPv6
 * one. A single IPv6 host is usually handed a whole /64 and could otherwise try from a fresh
 * address every time.
 */
export function addressBucket(address: string): string {
  if (isIP(address) !== 6) return address;
  const bare = address.split('%')[0]!;
  const [head = '', tail] = bare.split('::') as [string, string | undefined];
  const groups = (part: string) => (part ? part.split(':') : []);
  let expanded = groups(head);
  if (tail !== undefined) {
    const right = groups(tail);
    // An embedded IPv4 tail (`::ffff:1.2.3.4`) fills two groups.
    const width = right.length + (right.at(-1)?.includes('.') ? 1 : 0);
    expanded = [...expanded, ...Array<string>(8 - expanded.length - width).fill('0'), ...right];
  }
  return `${expanded
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
