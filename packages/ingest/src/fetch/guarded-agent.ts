import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent } from 'undici';
import { describeAddressClass, isPublicAddress } from './address-guard.js';

/** A connection the SSRF guard refused; its message is the one shown on the feed. */
export class AddressRefusedError extends Error {
  readonly code = 'ERR_ADDRESS_REFUSED';
  override name = 'AddressRefusedError';
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `net.connect` lookup that resolves like `dns.lookup` but refuses non-public addresses.
 * Checking here, on the addresses the socket will actually use, closes the DNS-rebinding
 * hole that a check-then-connect on the URL's host would leave open. A host is refused if
 * any of its addresses is non-public, so round-robin answers cannot slip one through.
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) {
      callback(err, []);
      return;
    }
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) {
      const reason = describeAddressClass(refused.address);
      callback(new AddressRefusedError(`refused: ${hostname} resolves to ${refused.address}, ${reason}`), []);
      return;
    }
    const first = addresses[0];
    if (options.all || !first) callback(null, addresses);
    else callback(null, first.address, first.family);
  });
}

const agents = new Map<string, Agent>();

/**
 * The shared undici dispatcher for a guard setting and connect timeout. Sharing keeps
 * keep-alive connections to hosts with many feeds; the guard still runs on every new
 * connection because it lives in the connector's lookup.
 */
export function getFeedAgent(allowPrivate: boolean, connectTimeoutMs: number): Agent {
  const key = `${allowPrivate}:${connectTimeoutMs}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({
      connect: allowPrivate
        ? { timeout: connectTimeoutMs }
        : { timeout: connectTimeoutMs, lookup: guardedLookup },
      connections: 8,
      keepAliveTimeout: 4_000,
    });
    agents.set(key, agent);
  }
  return agent;
}
