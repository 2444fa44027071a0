import fs from 'node:fs';
import { createChannel, createRule, enqueueDelivery, openDatabase, type DatabaseHandle } from '@newswatch/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually } from '../support/api-client';
import { createPostgresDatabase, testBackends } from '../support/databases';
import { FeedServer, rssFeed } from '../support/feed-server';
import { freePort } from '../support/free-port';
import { runNewswatch, startNewswatch, tempDir, type NewswatchProcess } from '../support/newswatch-process';
import { SmtpSink } from '../support/smtp-sink';
import { WebhookReceiver } from '../support/webhook-receiver';

const TOKEN = 'fault-token-0123456789abcdef';
/** Retry waits at 1/500 of the real schedule: 5 s → 10 ms, 2 min → 240 ms, 10 min → 1.2 s. */
const FAST_RETRIES = { NEWSWATCH_RETRY_SCALE: '0.002' };
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function startEmbedded(env: Record<string, string>): Promise<NewswatchProcess> {
  const dataDir = tempDir('nw-fault-');
  dirs.push(dataDir);
  return startNewswatch('start', { DATA_DIR: dataDir, NEWSWATCH_API_TOKEN: TOKEN, ALLOW_PRIVATE_FEEDS: 'true', ...FAST_RETRIES, ...env });
}

describe('alerts survive failing peers (real processes)', () => {
  const feeds = new FeedServer();
  beforeAll(async () => {
    await feeds.start();
  });
  afterAll(async () => {
    await feeds.stop();
  });

  it('delivers each email exactly once when the SMTP server is down for the first attempts', async () => {
    const port = await freePort();
    const app = await startEmbedded({ SMTP_URL: `smtp://127.0.0.1:${port}`, ALERT_FROM: 'newswatch <alerts@example.org>' });
    const sink = new SmtpSink();
    try {
      const api = apiClient(app.url, TOKEN);
      const channel = await api.post('/channels', { kind: 'email', name: 'desk', to: ['desk@example.org'] });
      await api.post('/rules', { channelId: channel.body.id, watchId: null, mode: 'instant' });
      const url = feeds.set('/smtp.xml', {
        body: rssFeed('Wire', [
          { title: 'Kim Jong Un visits missile plant', link: 'https://wire.example/s1', description: 'KCNA reported.' },
          { title: 'UN Security Council adopts resolution on sanctions', link: 'https://wire.example/s2', description: 'Vote in New York.' },
        ]),
      });
      await api.post('/feeds', { url });
      await eventually(
        async () => {
          const items = (await api.get('/deliveries')).body.items as { attempts: number; lastError: string | null }[];
          return items.length === 2 && items.every((d) => d.attempts >= 2 && d.lastError) ? items : null;
        },
        20_000,
        'two failed attempts per delivery while SMTP is down',
      );

      await sink.start(port);
      const mails = await sink.waitFor(2);
      await new Promise((r) => setTimeout(r, 2000));
      expect(sink.messages).toHaveLength(2);
      const keys = mails.map((m) => m.headers.get('x-newswatch-delivery'));
      expect(new Set(keys).size).toBe(2);
      expect(mails.map((m) => m.subject).sort()).toEqual(
        [expect.stringContaining('Kim Jong Un visits missile plant'), expect.stringContaining('UN Security Council adopts resolution on sanctions')].sort(),
      );
      const deliveries = (await api.get('/deliveries')).body.items;
      expect(deliveries.map((d: { status: string }) => d.status)).toEqual(['sent', 'sent']);
      expect(deliveries[0].attemptLog.at(-1).error).toBeNull();
      expect(deliveries[0].attemptLog[0].error).toMatch(/ECONNREFUSED|connect/i);
    } finally {
      await app.stop();
      await sink.stop();
    }
  });

  it('sends once after a receiver answers 500 twice, with all three attempts logged under one webhook-id', async () => {
    const receiver = await new WebhookReceiver().start();
    receiver.respond = (_req, index) => ({ status: index < 2 ? 500 : 200, body: index < 2 ? 'database on fire' : 'ok' });
    const app = await startEmbedded({ NEWSWATCH_DEFAULTS: 'true' });
    try {
      const api = apiClient(app.url, TOKEN);
      const channel = await api.post('/channels', { kind: 'webhook', name: 'flaky', url: `${receiver.url}/hook` });
      const watches = (await api.get('/watches')).body.items;
      await api.post('/rules', { channelId: channel.body.id, watchId: watches[0].id, mode: 'instant' });
      await api.post('/feeds', {
        url: feeds.set('/flaky.xml', { body: rssFeed('Wire', [{ title: 'Kim Jong Un meets Putin', link: 'https://wire.example/f1', description: '.' }]) }),
      });
      await receiver.waitFor(3, 20_000);
      const delivery = await eventually(
        async () => {
          const [d] = (await api.get('/deliveries')).body.items;
          return d?.status === 'sent' ? d : null;
        },
        10_000,
        'the delivery marked sent',
      );
      expect(delivery.attempts).toBe(3);
      expect(delivery.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 200]);
      expect(delivery.attemptLog[0].error).toContain('HTTP 500');
      expect(delivery.attemptLog[0].error).toContain('database on fire');
      expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([delivery.idempotencyKey]));
      await new Promise((r) => setTimeout(r, 1500));
      expect(receiver.received).toHaveLength(3);
    } finally {
      await app.stop();
      await receiver.stop();
    }
  });
});

describe.runIf(testBackends().includes('postgres'))('dispatchers on PostgreSQL (real processes)', () => {
  let url: string;
  let handle: DatabaseHandle;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    url = await createPostgresDatabase();
    expect((await runNewswatch(['migrate'], { DATABASE_URL: url, NEWSWATCH_DEFAULTS: 'false' })).code).toBe(0);
    handle = await openDatabase({ databaseUrl: url, poolSize: 2 });
    await receiver.start();
  });
  afterAll(async () => {
    await handle?.close();
    await receiver.stop();
  });

  async function enqueue(count: number, prefix: string): Promise<void> {
    const channel = await createChannel(handle.db, {
      kind: 'webhook',
      name: prefix,
      config: { url: `${receiver.url}/${prefix}`, format: 'json' },
      secret: null,
    });
    const rule = await createRule(handle.db, { channel_id: channel.id, watch_id: null, mode: 'instant', schedule: null, timezone: null, muted_until: null });
    for (let i = 0; i < count; i++) {
      await enqueueDelivery(handle.db, {
        rule_id: rule.id,
        channel_id: channel.id,
        cluster_id: null,
        window_start: null,
        window_end: null,
        payload: { type: 'test', channelId: channel.id, message: `${prefix} ${i}` },
        idempotency_key: `${prefix}-${i}`,
        lease_owner: null,
        lease_until: null,
        last_error: null,
        last_status_code: null,
        sent_at: null,
      });
    }
  }

  it('re-sends with the same webhook-id after the dispatcher is SIGKILLed mid-send', async () => {
    receiver.received.length = 0;
    receiver.respond = (_req, index) => (index === 0 ? { status: 200, delayMs: 30_000 } : { status: 200 });
    await enqueue(1, 'killed');
    const env = { DATABASE_URL: url, LEASE_SECONDS: '2', ALLOW_PRIVATE_FEEDS: 'true', ...FAST_RETRIES };
    const first = await startNewswatch('dispatch', env);
    await receiver.waitFor(1, 15_000);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const second = await startNewswatch('dispatch', env);
    try {
      const requests = await receiver.waitFor(2, 20_000);
      expect(requests[1]!.headers['webhook-id']).toBe(requests[0]!.headers['webhook-id']);
      expect(requests[0]!.headers['webhook-id']).toBe('killed-0');
      const row = await eventually(
        async () => {
          const d = await handle.db.selectFrom('deliveries').selectAll().where('idempotency_key', '=', 'killed-0').executeTakeFirst();
          return d?.status === 'sent' ? d : null;
        },
        10_000,
        'delivery sent after restart',
      );
      expect(row.attempts).toBe(1);
    } finally {
      await second.stop();
    }
  });

  it('never lets two dispatchers send the same delivery', async () => {
    receiver.received.length = 0;
    receiver.respond = () => ({ status: 200, delayMs: 5 });
    await enqueue(150, 'pair');
    const env = { DATABASE_URL: url, ALLOW_PRIVATE_FEEDS: 'true', ...FAST_RETRIES };
    const [a, b] = await Promise.all([startNewswatch('dispatch', env), startNewswatch('dispatch', env)]);
    try {
      const requests = await receiver.waitFor(150, 30_000);
      await new Promise((r) => setTimeout(r, 1500));
      expect(receiver.received).toHaveLength(150);
      expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(150);
      const sent = await handle.db.selectFrom('deliveries').select('status').where('idempotency_key', 'like', 'pair-%').execute();
      expect(sent.every((d) => d.status === 'sent')).toBe(true);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
