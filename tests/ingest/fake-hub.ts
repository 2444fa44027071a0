import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubSubscription {
  callback: string;
  topic: string;
  secret: string | null;
  leaseSeconds: number | null;
  /** The subscriber echoed our challenge. */
  verified: boolean;
}

/**
 * A WebSub hub on 127.0.0.1, just enough of the spec to test a subscriber: it accepts
 * subscription requests (202), verifies the intent asynchronously by GETting the callback
 * with a challenge, and publishes content signed with each subscriber's secret.
 */
export class FakeHub {
  readonly requests: Record<string, string>[] = [];
  readonly subscriptions: HubSubscription[] = [];
  /** Lease granted on verification. */
  grantLeaseSeconds = 864_000;
  #server = http.createServer((req, res) => this.#handle(req, res));
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** GETs the callback like a hub checking intent; resolves with the subscriber's answer. */
  async verify(callback: string, params: Record<string, string>): Promise<{ status: number; body: string }> {
    const url = new URL(callback);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const res = await fetch(url);
    return { status: res.status, body: await res.text() };
  }

  /** Delivers `body` to every verified subscriber of `topic`; `secret` overrides theirs (a forgery). */
  async publish(topic: string, body: string, options: { secret?: string; unsigned?: boolean } = {}): Promise<number[]> {
    const statuses: number[] = [];
    for (const sub of this.subscriptions.filter((s) => s.topic === topic && s.verified)) {
      const headers: Record<string, string> = { 'content-type': 'application/rss+xml; charset=utf-8' };
      const secret = options.secret ?? sub.secret;
      if (secret && !options.unsigned) headers['x-hub-signature'] = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      const res = await fetch(sub.callback, { method: 'POST', headers, body });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    return statuses;
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(raw));
      this.requests.push(form);
      const callback = form['hub.callback'];
      const topic = form['hub.topic'];
      if (req.method !== 'POST' || form['hub.mode'] !== 'subscribe' || !callback || !topic) {
        res.writeHead(400).end('bad request');
        return;
      }
      res.writeHead(202).end();
      const sub: HubSubscription = {
        callback,
        topic,
        secret: form['hub.secret'] ?? null,
        leaseSeconds: form['hub.lease_seconds'] ? Number(form['hub.lease_seconds']) : null,
        verified: false,
      };
      const challenge = randomBytes(12).toString('hex');
      void this.verify(callback, {
        'hub.mode': 'subscribe',
        'hub.topic': topic,
        'hub.challenge': challenge,
        'hub.lease_seconds': String(this.grantLeaseSeconds),
      }).then(
        (answer) => {
          sub.verified = answer.status >= 200 && answer.status < 300 && answer.body === challenge;
          const existing = this.subscriptions.findIndex((s) => s.callback === callback && s.topic === topic);
          if (existing >= 0) this.subscriptions.splice(existing, 1);
          this.subscriptions.push(sub);
        },
        () => undefined,
      );
    });
  }
}
