import { createHmac, timingSafeEqual } from 'node:crypto';

const ALGORITHMS: Record<string, string> = { sha1: 'sha1', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' };

/**
 * Checks a WebSub content signature, `X-Hub-Signature: <method>=<hex HMAC of the body>`, keyed
 * with the secret we gave the hub. Methods: sha1 (WebSub's minimum), sha256, sha384, sha512.
 */
export function verifyHubSignature(header: string | null, secret: string, body: Uint8Array): boolean {
  if (!header) return false;
  const match = /^\s*(sha1|sha256|sha384|sha512)=([0-9a-f]+)\s*$/i.exec(header);
  if (!match) return false;
  const expected = createHmac(ALGORITHMS[match[1]!.toLowerCase()]!, secret).update(body).digest();
  const given = Buffer.from(match[2]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The header a hub would send for `body`: for tests and fake hubs. */
export function signHubBody(secret: string, body: Uint8Array, method: 'sha1' | 'sha256' = 'sha256'): string {
  return `${method}=${createHmac(method, secret).update(body).digest('hex')}`;
}
