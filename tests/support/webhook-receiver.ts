import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

/**
 * A real webhook endpoint on 127.0.0.1 that records every request. `respond` picks the answer
 * for each request (defaults to 200), so tests can make it fail first and succeed later.
 */
export class WebhookReceiver {
  readonly received: ReceivedRequest[] = [];
  respond: (req: ReceivedRequest, index: number) => { status: number; body?: string; delayMs?: number } = () => ({ status: 200 });
  #server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt: Date.now() };
      this.received.push(entry);
      const answer = this.respond(entry, this.received.length - 1);
      const send = () => res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? 'ok');
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  /** Resolves once `count` requests arrived, or rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 15_000): Promise<ReceivedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`Expected ${count} webhook requests, got ${this.received.length} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return this.received.slice(0, count);
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
