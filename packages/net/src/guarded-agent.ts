import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { assertPublicAddress } from './address-guard';
import type { AddressRefusedError } from './address-refused-error';
import { hostOf } from './host-of';

/** Settings of a guarded agent; every other undici `Agent` option passes through. */
export interface GuardedAgentOptions extends Omit<Agent.Options, 'connect'> {
  /** Let connections reach loopback, private and other special-purpose addresses (ALLOW_PRIVATE_FEEDS). */
  allowPrivate: boolean;
  connectTimeoutMs: number;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * An undici `Agent` whose every new connection is checked against the SSRF guard unless
 * `allowPrivate`: an IP literal before the socket opens (Node skips the lookup for literals),
 * a name on the addresses its lookup returns, which are the ones the socket then uses — so a
 * DNS answer cannot swap in 127.0.0.1 after an earlier check passed. A refused connection
 * fails the request with an {@link AddressRefusedError}. The caller owns and closes the agent.
 */
export function createGuardedAgent({ allowPrivate, connectTimeoutMs, ...agentOptions }: GuardedAgentOptions): Agent {
  return new Agent({
    ...agentOptions,
    connect: allowPrivate ? { timeout: connectTimeoutMs } : connectPublicOnly(connectTimeoutMs),
  });
}

const sharedAgents = new Map<string, Agent>();

/**
 * One process-wide guarded agent per guard setting and connect timeout, for callers that fire
 * many short requests (feed polls, hub requests): sharing keeps keep-alive connections to hosts
 * that serve many feeds. Never close it.
 */
export function sharedGuardedAgent(options: { allowPrivate: boolean; connectTimeoutMs: number }): Agent {
  const key = `${options.allowPrivate}:${options.connectTimeoutMs}`;
  let agent = sharedAgents.get(key);
  if (!agent) {
    agent = createGuardedAgent({ ...options, connections: 8, keepAliveTimeout: 4_000 });
    sharedAgents.set(key, agent);
  }
  return agent;
}

function connectPublicOnly(timeoutMs: number): buildConnector.connector {
  const connect = buildConnector({ timeout: timeoutMs, lookup: publicOnlyLookup });
  return function connectPublic(options, callback) {
    const host = hostOf(options);
    try {
      if (isIP(host) !== 0) assertPublicAddress(host);
    } catch (refusal) {
      callback(refusal as AddressRefusedError, null);
      return;
    }
    connect(options, callback);
  };
}

/**
 * `dns.lookup` for `net.connect` that fails when any address of the name is not public: a
 * round-robin answer mixing a public and a private address is refused as a whole, and the
 * error names the offending address.
 */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) {
      callback(error, []);
      return;
    }
    try {
      for (const entry of addresses) assertPublicAddress(entry.address, hostname);
    } catch (refusal) {
      callback(refusal as AddressRefusedError, []);
      return;
    }
    const first = addresses[0];
    if (options.all || !first) callback(null, addresses);
    else callback(null, first.address, first.family);
  });
}
