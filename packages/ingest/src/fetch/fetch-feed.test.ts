import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_USER_AGENT, fetchFeed } from './fetch-feed';

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>';
const MB = 1024 * 1024;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/* One real HTTP server on 127.0.0.1 with a route table; requests are recorded. */
const routes = new Map<string, Handler>();
const seen: IncomingMessage[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    const handler = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (handler) handler(req, res);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  routes.set('/feed', (req, res) => {
    if (req.headers['if-none-match'] === '"v1"') {
      res.writeHead(304, { etag: '"v1"', 'cache-control': 'max-age=300' }).end();
      return;
    }
    res
      .writeHead(200, {
        'content-type': 'application/rss+xml; charset=utf-8',
        etag: '"v1"',
        'last-modified': 'Wed, 01 Jan 2025 00:00:00 GMT',
        'cache-control': 'public, max-age=600',
        'content-language': 'en',
      })
      .end(FEED);
  });
  routes.set('/since', (req, res) => {
    if (req.headers['if-modified-since'] === 'Wed, 01 Jan 2025 00:00:00 GMT') res.writeHead(304).end();
    else res.writeHead(200).end(FEED);
  });
  routes.set('/gzip', (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(FEED)));
  routes.set('/br', (_req, res) => res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(FEED)));
  routes.set('/deflate', (_req, res) => res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync(FEED)));
  routes.set('/raw-deflate', (_req, res) => res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateRawSync(FEED)));
  // 256 MB of zeros gzip to about 250 KB: a decompression bomb (real ones go to GBs).
  const bomb = gzipSync(Buffer.alloc(256 * MB));
  routes.set('/bomb', (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb));
  routes.set('/big', (_req, res) => res.writeHead(200).end(Buffer.alloc(6 * MB, 'a')));
  routes.set('/big-chunked', (_req, res) => {
    res.writeHead(200, { 'transfer-encoding': 'chunked' });
    for (let i = 0; i < 6; i++) res.write(Buffer.alloc(MB, 'a'));
    res.end();
  });
  routes.set('/moved', (_req, res) => res.writeHead(301, { location: '/moved-2' }).end());
  routes.set('/moved-2', (_req, res) => res.writeHead(308, { location: `${base}/feed` }).end());
  routes.set('/temporary', (_req, res) => res.writeHead(302, { location: '/feed' }).end());
  routes.set('/temp-then-moved', (_req, res) => res.writeHead(307, { location: '/moved-2' }).end());
  routes.set('/loop-a', (_req, res) => res.writeHead(302, { location: '/loop-b' }).end());
  routes.set('/loop-b', (_req, res) => res.writeHead(302, { location: '/loop-a' }).end());
  for (let i = 0; i < 10; i++) {
    routes.set(`/chain-${i}`, (_req, res) => res.writeHead(302, { location: `/chain-${i + 1}` }).end());
  }
  routes.set('/chain-10', (_req, res) => res.writeHead(200).end(FEED));
  routes.set('/limited', (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end('slow down'));
  routes.set('/unavailable', (_req, res) => {
    const at = new Date(Date.now() + 3600_000).toUTCString();
    res.writeHead(503, { 'retry-after': at }).end();
  });
  routes.set('/hang', () => undefined);
  routes.set('/slow-body', (_req, res) => {
    res.writeHead(200);
    res.write('<rss>');
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const open = { allowPrivate: true };

describe('fetchFeed', () => {
  it('returns the body, validators and max-age, with an honest User-Agent', async () => {
    const result = await fetchFeed(`${base}/feed`, open);
    expect(result).toMatchObject({
      kind: 'ok',
      status: 200,
      url: `${base}/feed`,
      movedPermanentlyTo: null,
      contentType: 'application/rss+xml; charset=utf-8',
      contentLanguage: 'en',
      etag: '"v1"',
      lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT',
      maxAgeSeconds: 600,
    });
    expect(result.kind === 'ok' && result.body.toString()).toBe(FEED);
    const request = seen.at(-1);
    expect(request?.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(request?.headers['accept-encoding']).toContain('br');
  });

  it('sends If-None-Match / If-Modified-Since and reports 304 as not-modified', async () => {
    expect(await fetchFeed(`${base}/feed`, { ...open, etag: '"v1"' })).toMatchObject({
      kind: 'not-modified',
      status: 304,
      maxAgeSeconds: 300,
    });
    expect(await fetchFeed(`${base}/since`, { ...open, lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT' })).toMatchObject({
      kind: 'not-modified',
    });
  });

  it('uses the caller User-Agent when given', async () => {
    await fetchFeed(`${base}/feed`, { ...open, userAgent: 'custom/1.0' });
    expect(seen.at(-1)?.headers['user-agent']).toBe('custom/1.0');
  });

  it.each(['/gzip', '/br', '/deflate', '/raw-deflate'])('decompresses %s', async (path) => {
    const result = await fetchFeed(base + path, open);
    expect(result.kind === 'ok' && result.body.toString()).toBe(FEED);
  });

  it('refuses a gzip bomb once the decompressed size passes the cap', async () => {
    const started = Date.now();
    const result = await fetchFeed(`${base}/bomb`, { ...open, maxBytes: 5 * MB });
    expect(result).toMatchObject({ kind: 'error', message: 'response larger than 5 MB after decompression (gzip)' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses bodies over the cap, with or without Content-Length', async () => {
    for (const path of ['/big', '/big-chunked']) {
      expect(await fetchFeed(base + path, { ...open, maxBytes: 5 * MB })).toMatchObject({
        kind: 'error',
        status: 200,
        message: 'response larger than 5 MB',
      });
    }
  });

  it('follows 301/308 and reports the permanent move', async () => {
    expect(await fetchFeed(`${base}/moved`, open)).toMatchObject({
      kind: 'ok',
      url: `${base}/feed`,
      movedPermanentlyTo: `${base}/feed`,
    });
  });

  it('follows 302 without reporting a move, even if a permanent hop follows', async () => {
    expect(await fetchFeed(`${base}/temporary`, open)).toMatchObject({ kind: 'ok', url: `${base}/feed`, movedPermanentlyTo: null });
    expect(await fetchFeed(`${base}/temp-then-moved`, open)).toMatchObject({ kind: 'ok', movedPermanentlyTo: null });
  });

  it('stops redirect loops and long chains', async () => {
    expect(await fetchFeed(`${base}/loop-a`, open)).toMatchObject({ kind: 'error', message: `redirect loop at ${base}/loop-a` });
    expect(await fetchFeed(`${base}/chain-0`, { ...open, maxRedirects: 5 })).toMatchObject({
      kind: 'error',
      message: 'too many redirects (more than 5)',
    });
    expect(await fetchFeed(`${base}/chain-0`, { ...open, maxRedirects: 10 })).toMatchObject({ kind: 'ok' });
  });

  it('reports Retry-After for 429 (seconds) and 503 (HTTP date)', async () => {
    expect(await fetchFeed(`${base}/limited`, open)).toMatchObject({
      kind: 'error',
      status: 429,
      message: 'HTTP 429 Too Many Requests',
      retryAfterSeconds: 120,
    });
    const unavailable = await fetchFeed(`${base}/unavailable`, open);
    expect(unavailable).toMatchObject({ kind: 'error', status: 503, message: 'HTTP 503 Service Unavailable' });
    const wait = unavailable.kind === 'error' ? unavailable.retryAfterSeconds : null;
    expect(wait).toBeGreaterThan(3500);
    expect(wait).toBeLessThanOrEqual(3600);
  });

  it('reports HTTP errors by status and reason', async () => {
    expect(await fetchFeed(`${base}/nothing-here`, open)).toMatchObject({
      kind: 'error',
      status: 404,
      message: 'HTTP 404 Not Found',
      retryAfterSeconds: null,
    });
  });

  it('gives up on a server that never answers, within the total timeout', async () => {
    const started = Date.now();
    const result = await fetchFeed(`${base}/hang`, { ...open, timeoutMs: 300 });
    expect(result).toMatchObject({ kind: 'error', status: null, message: 'timed out after 300 ms' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('counts the body against the total timeout too', async () => {
    expect(await fetchFeed(`${base}/slow-body`, { ...open, timeoutMs: 300 })).toMatchObject({
      kind: 'error',
      message: 'timed out after 300 ms',
    });
  });

  it('reports connection errors as the socket words them', async () => {
    expect(await fetchFeed('http://127.0.0.1:9/feed', open)).toMatchObject({
      kind: 'error',
      status: null,
      message: 'connect ECONNREFUSED 127.0.0.1:9',
    });
  });

  it('refuses non-http URLs and garbage without throwing', async () => {
    expect(await fetchFeed('file:///etc/passwd', open)).toMatchObject({
      kind: 'error',
      message: 'unsupported URL scheme file: (only http and https)',
    });
    expect(await fetchFeed('not a url', open)).toMatchObject({ kind: 'error', message: 'invalid URL: not a url' });
  });
});

describe('fetchFeed SSRF guard', () => {
  it('refuses a loopback IP literal unless allowPrivate', async () => {
    const before = seen.length;
    expect(await fetchFeed(`${base}/feed`)).toMatchObject({
      kind: 'error',
      status: null,
      message: 'refused: 127.0.0.1 is a loopback address',
    });
    expect(seen.length).toBe(before);
  });

  it('refuses a hostname that resolves to loopback, at connect time', async () => {
    const port = (server.address() as AddressInfo).port;
    const before = seen.length;
    const result = await fetchFeed(`http://localhost:${port}/feed`, { allowPrivate: false });
    expect(result).toMatchObject({ kind: 'error', status: null });
    expect(result.kind === 'error' && result.message).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/);
    expect(seen.length).toBe(before);
  });

  it('refuses private, link-local and metadata literals', async () => {
    for (const [url, message] of [
      ['http://10.0.0.1/', 'refused: 10.0.0.1 is a private address'],
      ['http://169.254.169.254/latest/meta-data/', 'refused: 169.254.169.254 is a cloud metadata address'],
      ['http://[fe80::1]/', 'refused: fe80::1 is a link-local address'],
      ['http://[::ffff:127.0.0.1]/', 'refused: ::ffff:7f00:1 is an IPv4-mapped form of 127.0.0.1, a loopback address'],
      ['http://[64:ff9b:1::7f00:1]/', 'refused: 64:ff9b:1::7f00:1 is a local-use NAT64 address'],
    ] as const) {
      expect(await fetchFeed(url)).toMatchObject({ kind: 'error', message });
    }
  });
});

describe('fetchFeed on a kept-alive connection the server has closed', () => {
  /*
   * A server that drops an idle kept-alive connection at the moment the client reuses it: what
   * a client sees when the server's keep-alive timer fired while the client's process was busy
   * (the close was still unread when the next request went out on that socket).
   */
  let dropping: Server;
  let feedUrl: string;
  const sockets: { connections: number; dropped: number } = { connections: 0, dropped: 0 };

  beforeAll(async () => {
    const served = new WeakMap<object, number>();
    dropping = createServer((req, res) => {
      const count = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, count);
      if (count > 1) {
        sockets.dropped++;
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
    });
    dropping.keepAliveTimeout = 30_000;
    dropping.on('connection', () => sockets.connections++);
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    feedUrl = `http://127.0.0.1:${(dropping.address() as AddressInfo).port}/feed`;
  });
  afterAll(async () => {
    dropping.closeAllConnections();
    await new Promise((resolve) => dropping.close(resolve));
  });

  it('retries the GET once on a fresh connection instead of failing the feed', async () => {
    expect(await fetchFeed(feedUrl, open)).toMatchObject({ kind: 'ok', status: 200 });
    // Until the client has filed the first connection as idle, a second request would open its own.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await fetchFeed(feedUrl, open)).toMatchObject({ kind: 'ok', status: 200 });
    expect(sockets.dropped).toBe(1);
    expect(sockets.connections).toBe(2);
  });
});
