import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signHubBody, verifyHubSignature } from './signature';

const body = Buffer.from('<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>');

describe('verifyHubSignature', () => {
  it('accepts the HMAC of the body with our secret, in sha1 and sha2 flavours', () => {
    for (const method of ['sha1', 'sha256', 'sha384', 'sha512']) {
      const header = `${method}=${createHmac(method, 's3cret').update(body).digest('hex')}`;
      expect(verifyHubSignature(header, 's3cret', body)).toBe(true);
    }
    expect(verifyHubSignature(signHubBody('s3cret', body).toUpperCase().replace('SHA256', 'sha256'), 's3cret', body)).toBe(true);
  });

  it('refuses another secret, another body, a missing or malformed header', () => {
    const header = signHubBody('s3cret', body);
    expect(verifyHubSignature(header, 'other', body)).toBe(false);
    expect(verifyHubSignature(header, 's3cret', Buffer.from('tampered'))).toBe(false);
    expect(verifyHubSignature(null, 's3cret', body)).toBe(false);
    expect(verifyHubSignature('md5=abcd', 's3cret', body)).toBe(false);
    expect(verifyHubSignature('sha256=zz', 's3cret', body)).toBe(false);
    expect(verifyHubSignature('sha256=', 's3cret', body)).toBe(false);
  });
});
