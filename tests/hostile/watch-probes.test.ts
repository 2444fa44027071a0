import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeed, insertStories } from '@newswatch/db';
import { apiClient, eventually } from '../support/api-client';
import { FeedServer, rssFeed } from '../support/feed-server';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';
import { WebhookReceiver } from '../support/webhook-receiver';

/**
 * The security review's probes against a running newswatch (PGlite, every role in one
 * process): a query of wildcards chained with NEAR/1000 used to block the event loop for
 * 52 s in preview and then die out of heap, kill the process when saved (the re-match) and
 * again after every restart (the next matching story); a 660-term OR blocked the event loop
 * 1.3–1.6 s in preview over 10,000 stories.
 */
const HOSTILE = '(lo* OR ip* OR do*) NEAR/1000 (co* OR ad*) NEAR/1000 (te* OR in*) NEAR/1000 (el* OR se*) NEAR/1000 (ma* OR al*) NEAR/1000 (ut* OR ex*)';
const LOREM =
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua ut enim ad minim veniam quis nostrud exercitation';
const lorem = (words: number) => Array.from({ length: words }, (_, i) => LOREM.split(' ')[i % 25]).join(' ');

type App = Awaited<ReturnType<typeof startInProcess>>;

/** Time /healthz takes to answer, in milliseconds. */
async function healthz(app: App): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${app.url}/healthz`);
  expect(res.status).toBe(200);
  await res.text();
  return performance.now() - started;
}

describe('hostile watch queries against a running newswatch', () => {
  let app: App;
  let api: ReturnType<typeof apiClient>;
  let channelId: number;
  const feeds = new FeedServer();
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await feeds.start();
    await receiver.start();
    app = await startInProcess({ NEWSWATCH_DEFAULTS: 'false' });
    api = apiClient(app.url, TEST_TOKEN);
    channelId = (await api.post('/channels', { kind: 'webhook', name: 'hook', url: `${receiver.url}/hook` })).body.id;
    // Stored stories for the preview and the re-match: long, and dense with the query's words.
    const url = feeds.set('/lorem.xml', {
      body: rssFeed(
        'Lorem Wire',
        Array.from({ length: 5 }, (_, i) => ({ title: `Lorem report ${i}`, link: `https://lorem.example/${i}`, description: lorem(1000 + i) })),
      ),
    });
    const feed = await api.post('/feeds', { url });
    await eventually(async () => (await api.get(`/stories?feed=${feed.body.id}`)).body.items.length === 5, 20_000, 'lorem stories stored');
  });

  afterAll(async () => {
    await app?.cleanup();
    await feeds.stop();
    await receiver.stop();
  });

  it('previews the NEAR/1000 wildcard chain in moments, with spans, and stays up', async () => {
    const started = performance.now();
    const preview = await api.post('/watches/preview', { query: HOSTILE });
    expect(preview.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(preview.body.total).toBe(5);
    expect(preview.body.skipped).toBe(0);
    expect(preview.body.complete).toBe(true);
    expect(preview.body.items[0].spans.length).toBeGreaterThan(0);
    expect(await healthz(app)).toBeLessThan(1000);
  });

  it('saves it (201), re-matches the archive without dying, and keeps ingesting and alerting for every watch', async () => {
    const hostile = await api.post('/watches', { name: 'Hostile', query: HOSTILE });
    expect(hostile.status).toBe(201);
    const exports = await api.post('/watches', { name: 'Exports', query: '(artillery OR drone*) NEAR/3 export*' });
    expect(exports.status).toBe(201);
    await app.runtime.rematch.idle();
    expect((await api.post('/rules', { channelId, watchId: exports.body.id, mode: 'instant' })).status).toBe(201);
    expect((await api.get(`/stories?watch=${hostile.body.id}`)).body.items).toHaveLength(5);
    expect(await healthz(app)).toBeLessThan(1000);

    // New stories: one for each watch. Both are stored and matched; the other watch alerts.
    const url = feeds.set('/wire.xml', {
      body: rssFeed('Wire', [
        { title: 'Drone exports to the Gulf rise', link: 'https://wire.example/drones', description: 'Sales of drones grew.' },
        { title: 'Lorem ipsum returns', link: 'https://wire.example/lorem', description: lorem(3000) },
      ]),
    });
    await api.post('/feeds', { url });
    const [alert] = await receiver.waitFor(1, 20_000);
    expect(JSON.parse(alert!.body).data.story.title).toBe('Drone exports to the Gulf rise');
    expect((await api.get(`/stories?watch=${exports.body.id}`)).body.items.map((s: { title: string }) => s.title)).toEqual(['Drone exports to the Gulf rise']);
    await eventually(
      async () => (await api.get(`/stories?watch=${hostile.body.id}`)).body.items.length === 6 || null,
      10_000,
      'the hostile watch matches the new lorem story',
    );
    expect((await api.get(`/watches/${hostile.body.id}`)).body.lastError).toBeNull();
  });

  it('refuses at save time, with the reason, a query whose cost it will not bound', async () => {
    const chain = Array.from({ length: 13 }, (_, i) => `w${i}*`).join(' NEAR/1000 ');
    const res = await api.post('/watches', { name: 'Too deep', query: chain });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/NEAR can be nested inside NEAR at most 10 times/);
    expect(res.body.error.position).toBe(chain.lastIndexOf('NEAR/1000'));
  });

  it('skips a stored watch whose query no longer compiles, marks it, and matches and alerts the others', async () => {
    // Saved before today's limits (straight into the database): it cannot compile any more.
    const [broken] = await app.runtime.handle.db
      .insertInto('watches')
      .values({ name: 'Saved long ago', query: Array.from({ length: 13 }, () => 'drone*').join(' NEAR/5 ') })
      .returning('id')
      .execute();
    const fine = await api.post('/watches', { name: 'Drones', query: 'drone*' });
    await app.runtime.rematch.idle();
    expect((await api.post('/rules', { channelId, watchId: fine.body.id, mode: 'instant' })).status).toBe(201);
    const url = feeds.set('/later.xml', {
      body: rssFeed('Later', [{ title: 'Drone maker doubles output', link: 'https://later.example/drones', description: 'A drone factory expands.' }]),
    });
    await api.post('/feeds', { url });
    await eventually(async () => (await api.get(`/stories?watch=${fine.body.id}`)).body.items.length === 2, 20_000, 'the working watch matches');
    const alerts = await receiver.waitFor(2, 20_000);
    expect(JSON.parse(alerts[1]!.body).data.story.title).toBe('Drone maker doubles output');
    const marked = await eventually(
      async () => {
        const watch = (await api.get(`/watches/${broken!.id}`)).body;
        return watch.lastError ? watch : null;
      },
      10_000,
      'the broken watch marked',
    );
    expect(marked.lastError).toMatch(/no longer compiles.*NEAR can be nested inside NEAR at most 10 times/);
    expect(marked.lastErrorAt).toEqual(expect.any(String));
    const page = await fetch(`${app.url}/watches`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    const html = await page.text();
    expect(html).toContain('Skipped');
    expect(html).toContain('no longer compiles');
    // Editing the query clears the mark.
    await api.patch(`/watches/${broken!.id}`, { query: 'drone* NEAR/5 maker' });
    expect((await api.get(`/watches/${broken!.id}`)).body.lastError).toBeNull();
  });

  it('answers /healthz quickly while a 660-term OR previews 10,000 stored stories', { timeout: 120_000 }, async () => {
    const db = app.runtime.handle.db;
    const feed = (await createFeed(db, { url: 'https://bulk.example/feed.xml', title: 'Bulk' }))!;
    const now = Date.now();
    for (let chunk = 0; chunk < 20; chunk++) {
      // PGlite runs in this process: let the server's timers and sockets have a turn between writes.
      await new Promise((r) => setTimeout(r, 5));
      await insertStories(
        db,
        Array.from({ length: 500 }, (_, k) => {
          const n = chunk * 500 + k;
          return {
            feed_id: feed.id,
            dedupe_key: `bulk:${n}`,
            title: `Bulk story ${n} about ${LOREM.split(' ')[n % 25]}`,
            summary_text: lorem(40),
            content_html: '',
            content_text: lorem(120),
            published_at: new Date(now - (n % 28) * 86_400_000),
            content_hash: `bulk:${n}`,
            cluster_id: null,
          };
        }),
      );
    }
    // Every two-letter word from aa to zj: 660 terms, 3,956 characters (lorem has do, ut, et, ad).
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const query = Array.from({ length: 660 }, (_, i) => letters[Math.floor(i / 26)]! + letters[i % 26]!).join(' OR ');
    expect(query.length).toBeLessThanOrEqual(4000);
    await healthz(app);
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    let done = false;
    const preview = api.post('/watches/preview', { query }).finally(() => (done = true));
    const latencies: number[] = [];
    while (!done) {
      latencies.push(await healthz(app));
      await new Promise((r) => setTimeout(r, 10));
    }
    const result = await preview;
    loop.disable();
    expect(result.status).toBe(200);
    expect(result.body.scanned).toBeGreaterThanOrEqual(10_000);
    expect(result.body.total).toBeGreaterThanOrEqual(10_000);
    latencies.sort((a, b) => a - b);
    console.log(
      `/healthz during the preview: ${latencies.length} requests, median ${latencies[latencies.length >> 1]!.toFixed(1)} ms, worst ${latencies.at(-1)!.toFixed(1)} ms; ` +
        `longest event-loop stall ${(loop.max / 1e6).toFixed(1)} ms`,
    );
    // Before, the preview held the event loop for its whole run (1.3–1.6 s): one or two
    // requests got through, each waiting for all of it. The bound on the worst case leaves room
    // for a machine whose other jobs take the CPU away from this process now and then.
    expect(latencies.length).toBeGreaterThan(5);
    expect(latencies[Math.floor(latencies.length * 0.9)]).toBeLessThan(100);
    expect(latencies.at(-1)).toBeLessThan(400);
  });
});
