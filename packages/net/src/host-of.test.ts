import { describe, expect, it } from 'vitest';
import { hostOf } from './host-of';

describe('hostOf', () => {
  it.each([
    ['http://Feeds.Example.org:8080/rss', 'feeds.example.org'],
    ['https://[::1]:3000/hook', '::1'],
    ['http://[::127.0.0.1]/', '::7f00:1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://10.1.2.3/', '10.1.2.3'],
    ['not a url', ''],
  ])('%s → %j', (url, host) => {
    expect(hostOf(url)).toBe(host);
  });

  it('reads the hostname of a URL object or of undici connect options', () => {
    expect(hostOf(new URL('http://[fe80::1]/'))).toBe('fe80::1');
    expect(hostOf({ hostname: '[FD00:EC2::254]' })).toBe('fd00:ec2::254');
  });
});
