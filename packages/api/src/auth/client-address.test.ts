import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { addressBucket, clientAddress, trustedProxyList } from './client-address';

/** The address the app would rate-limit a request from `peer` carrying `forwarded` as. */
async function seenAs(peer: string, forwarded: string | null, trusted: string[]): Promise<string> {
  const list = trustedProxyList(trusted);
  const app = new Hono().get('/', (c) => c.text(clientAddress(c, list)));
  const headers: Record<string, string> = forwarded === null ? {} : { 'x-forwarded-for': forwarded };
  const res = await app.request('/', { headers }, { incoming: { socket: { remoteAddress: peer } } });
  return res.text();
}

describe('clientAddress', () => {
  it('ignores X-Forwarded-For unless the peer is a trusted proxy', async () => {
    expect(await seenAs('203.0.113.9', '10.0.0.1', [])).toBe('203.0.113.9');
    expect(await seenAs('203.0.113.9', '10.0.0.1', ['127.0.0.1'])).toBe('203.0.113.9');
    expect(await seenAs('::ffff:198.51.100.7', null, [])).toBe('198.51.100.7');
  });

  it('behind trusted proxies, takes the rightmost untrusted hop', async () => {
    expect(await seenAs('127.0.0.1', '198.51.100.7', ['127.0.0.1'])).toBe('198.51.100.7');
    // The client wrote "1.1.1.1" itself; the proxy appended the address it really saw.
    expect(await seenAs('127.0.0.1', '1.1.1.1, 198.51.100.7', ['127.0.0.1'])).toBe('198.51.100.7');
    expect(await seenAs('::ffff:10.1.2.3', '198.51.100.7, 10.9.9.9', ['10.0.0.0/8'])).toBe('198.51.100.7');
    expect(await seenAs('127.0.0.1', '[2001:db8::1]:4711', ['127.0.0.1'])).toBe('2001:db8::1');
    expect(await seenAs('127.0.0.1', 'not-an-address', ['127.0.0.1'])).toBe('127.0.0.1');
    expect(await seenAs('127.0.0.1', null, ['127.0.0.1'])).toBe('127.0.0.1');
  });

  it('refuses a TRUST_PROXY entry that is not an address', () => {
    expect(() => trustedProxyList(['proxy.internal'])).toThrow(/not an IP address/);
  });
});

describe('addressBucket', () => {
  it('keys IPv4 by address and IPv6 by its /64', () => {
    expect(addressBucket('198.51.100.7')).toBe('198.51.100.7');
    expect(addressBucket('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:0db8:0001:0002:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
