import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FeedRoute {
  body: string | Buffer;
  contentType?: string;
  status?: number;
  headers?: Record<string, string>;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
  /** Sends the body `bytes` at a time, `everyMs` apart (a slow or stalling server). */
  trickle?: { bytes: number; everyMs: number };
}

/**
 * A real HTTP server on a loopback address (127.0.0.1 unless told) serving feed documents at paths; routes can change while it
 * runs, and every request is counted per path.
 */
export class FeedServer {
  readonly routes = new Map<string, FeedRoute | ((req: http.IncomingMessage) => FeedRoute)>();
  readonly hits = new Map<string, number>();
  #server = http.createServer((req, res) => this.#handle(req, res));
  url = '';

  /** `address`: another loopback address is another host to the per-host politeness limit. */
  constructor(readonly address = '127.0.0.1') {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, this.address, resolve));
    this.url = `http://${this.address}:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  set(path: string, route: FeedRoute | ((req: http.IncomingMessage) => FeedRoute)): string {
    this.routes.set(path, route);
    return `${this.url}${path}`;
  }

  hitCount(path: string): number {
    return this.hits.get(path) ?? 0;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
    const entry = this.routes.get(path);
    if (!entry) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const route = typeof entry === 'function' ? entry(req) : entry;
    const send = () => {
      res.writeHead(route.status ?? 200, { 'content-type': route.contentType ?? 'application/rss+xml; charset=utf-8', ...route.headers });
      if (!route.trickle) {
        res.end(route.body);
        return;
      }
      const body = Buffer.from(route.body);
      const { bytes, everyMs } = route.trickle;
      let sent = 0;
      const timer = setInterval(() => {
        res.write(body.subarray(sent, sent + bytes));
        sent += bytes;
        if (sent >= body.length) {
          clearInterval(timer);
          res.end();
        }
      }, everyMs);
      res.on('close', () => clearInterval(timer));
    };
    if (route.delayMs) setTimeout(send, route.delayMs);
    else send();
  }
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface TestItem {
  title: string;
  link: string;
  guid?: string;
  description: string;
  pubDate?: Date;
}

/** An RSS 2.0 document with these items. */
export function rssFeed(title: string, items: TestItem[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${escapeXml(title)}</title><link>https://news.example/</link><description>test feed</description>
${items
  .map(
    (i) => `<item><title>${escapeXml(i.title)}</title><link>${escapeXml(i.link)}</link><guid isPermaLink="false">${escapeXml(i.guid ?? i.link)}</guid>
<pubDate>${(i.pubDate ?? new Date()).toUTCString()}</pubDate><description>${escapeXml(i.description)}</description></item>`,
  )
  .join('\n')}
</channel></rss>`;
}
