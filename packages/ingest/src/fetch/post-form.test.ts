import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm } from './post-form';

let server: Server;
let base: string;
const bodies: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d));
    req.on('end', () => {
      bodies.push(`${req.headers['content-type']} ${body}`);
      if (req.url === '/refuse') res.writeHead(400).end('  topic not allowed\n');
      else res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('postForm (WebSub hub requests)', () => {
  it('posts a urlencoded form and reports the answer', async () => {
    expect(await postForm(`${base}/hub`, { 'hub.mode': 'subscribe', 'hub.topic': 'https://a.example/f?x=1&y' }, { allowPrivate: true })).toEqual({
      ok: true,
      status: 202,
    });
    expect(bodies.at(-1)).toBe('application/x-www-form-urlencoded hub.mode=subscribe&hub.topic=https%3A%2F%2Fa.example%2Ff%3Fx%3D1%26y');
    expect(await postForm(`${base}/refuse`, {}, { allowPrivate: true })).toEqual({ ok: false, status: 400, message: 'HTTP 400: topic not allowed' });
  });

  it('refuses loopback, private and metadata hubs unless private targets are allowed', async () => {
    const sent = bodies.length;
    for (const url of [`${base}/hub`, 'http://169.254.169.254/latest', 'http://10.0.0.1/hub', 'http://[::1]/hub']) {
      const result = await postForm(url, { a: 'b' });
      expect(result.ok).toBe(false);
      expect(result.ok === false && result.message).toMatch(/^refused: /);
    }
    const byName = await postForm(`http://localhost:${new URL(base).port}/hub`, { a: 'b' });
    expect(byName.ok === false && byName.message).toMatch(/refused: localhost resolves to/);
    expect(bodies.length).toBe(sent);
    expect((await postForm('ftp://example.com/hub', {})).ok).toBe(false);
  });
});
