import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually } from '../support/api-client';
import { FeedServer, rssFeed, type TestItem } from '../support/feed-server';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';
import { WebhookReceiver } from '../support/webhook-receiver';

type App = Awaited<ReturnType<typeof startInProcess>>;

/**
 * Rule behaviour end to end in one process: each case has its own watch word, channel and
 * receiver, so the cases do not see each other's alerts.
 */
describe('alert rules', () => {
  let app: App;
  let api: ReturnType<typeof apiClient>;
  const feeds = new FeedServer();
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    await feeds.start();
    app = await startInProcess({ NEWSWATCH_DEFAULTS: 'false', NEWSWATCH_RETRY_SCALE: '0.002' });
    api = apiClient(app.url, TEST_TOKEN);
  });
  afterAll(async () => {
    await app?.cleanup();
    await feeds.stop();
    await Promise.all(receivers.map((r) => r.stop()));
  });

  async function setup(word: string, rule: Record<string, unknown> = {}, channel: Record<string, unknown> = {}) {
    const receiver = await new WebhookReceiver().start();
    receivers.push(receiver);
    const watch = (await api.post('/watches', { name: word, query: word })).body;
    const ch = (await api.post('/channels', { kind: 'webhook', name: `${word} hook`, url: `${receiver.url}/hook`, ...channel })).body;
    const created = await api.post('/rules', { channelId: ch.id, watchId: watch.id, mode: 'instant', ...rule });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return { receiver, watch, channel: ch, rule: created.body };
  }

  async function publish(path: string, title: string, items: TestItem[]) {
    const feed = (await api.post('/feeds', { url: feeds.set(path, { body: rssFeed(title, items) }) })).body;
    await eventually(async () => (await api.get(`/feeds/${feed.id}`)).body.lastFetchedAt, 10_000, `poll of ${path}`);
    return feed;
  }

  const deliveriesFor = async (channelId: number) =>
    ((await api.get('/deliveries?limit=200')).body.items as { channelId: number; status: string; lastError: string | null }[]).filter(
      (d) => d.channelId === channelId,
    );

  it('holds alerts while a rule is muted and sends them when it is unmuted (policy send)', async () => {
    const { receiver, channel, rule } = await setup('zephyrine', { mutedUntil: new Date(Date.now() + 3_600_000).toISOString(), mutePolicy: 'send' });
    await publish('/mute-send.xml', 'Mute', [{ title: 'Zephyrine talks resume', link: 'https://m.example/1', description: '.' }]);
    await eventually(async () => (await deliveriesFor(channel.id)).length === 1 || null, 10_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received).toHaveLength(0);
    expect((await deliveriesFor(channel.id))[0]!.status).toBe('pending');
    expect((await api.patch(`/rules/${rule.id}`, { mutedUntil: null })).status).toBe(200);
    const [request] = await receiver.waitFor(1, 10_000);
    expect(JSON.parse(request!.body).data.story.title).toBe('Zephyrine talks resume');
  });

  it('drops alerts held while muted when the policy says so', async () => {
    const { receiver, channel, rule } = await setup('quillonite', { mutedUntil: new Date(Date.now() + 3_600_000).toISOString(), mutePolicy: 'drop' });
    await publish('/mute-drop.xml', 'Mute', [{ title: 'Quillonite exports halted', link: 'https://m.example/2', description: '.' }]);
    await eventually(async () => (await deliveriesFor(channel.id)).length === 1 || null, 10_000);
    await api.patch(`/rules/${rule.id}`, { mutedUntil: null });
    const [dropped] = await deliveriesFor(channel.id);
    expect(dropped).toMatchObject({ status: 'dead', lastError: expect.stringContaining('dropped') });
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received).toHaveLength(0);
  });

  it('waits for minSources outlets, counting a later copy that matches nothing itself', async () => {
    const { receiver } = await setup('vantorium', { minSources: 2 });
    await publish('/src-a.xml', 'Outlet A', [{ title: 'Vantorium deal signed', link: 'https://story.example/vantorium?utm_source=a', description: '.' }]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received).toHaveLength(0);
    // Outlet B carries the same story (same canonical URL) under a headline without the watch word.
    await publish('/src-b.xml', 'Outlet B', [{ title: 'Mining agreement concluded', link: 'https://story.example/vantorium?utm_source=b', description: '.' }]);
    const [request] = await receiver.waitFor(1, 10_000);
    const story = JSON.parse(request!.body).data.story;
    expect(story.title).toBe('Vantorium deal signed');
    expect(story.sourcesCount).toBe(2);
  });

  it('alerts once when outlets carry the same wire story under their own URLs and headline suffixes', async () => {
    const { receiver } = await setup('ostravine');
    const lede =
      'Officials in the port city said on Monday that ostravine shipments would resume next week after a three-month halt, ' +
      'easing shortages that had pushed prices to a record and forced two refineries to cut output.';
    await publish('/wire-a.xml', 'Outlet A', [
      { title: 'Ostravine shipments to resume next week - Outlet A', link: 'https://outlet-a.example/news/ostravine-resume', description: lede },
    ]);
    const [first] = await receiver.waitFor(1, 10_000);
    await publish('/wire-b.xml', 'Outlet B', [
      {
        title: 'Ostravine shipments to resume next week | Outlet B',
        link: 'https://outlet-b.example/2026/11/28/shipments',
        description: lede.replace('on Monday', 'Monday'),
      },
      // Same watch word, another event: alerts on its own. (Prices falling as buyers wait for
      // the resumed cargoes would be a reaction to the shipments news: the same event.)
      {
        title: 'Ostravine miners strike over unpaid bonuses',
        link: 'https://outlet-b.example/2026/11/28/strike',
        description: 'Workers at the Kessel ostravine mine walked out on Tuesday after the owner withheld bonuses, the union said.',
      },
    ]);
    const [, second] = await receiver.waitFor(2, 10_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received).toHaveLength(2);
    expect(JSON.parse(first!.body).data.story.title).toBe('Ostravine shipments to resume next week - Outlet A');
    expect(JSON.parse(second!.body).data.story.title).toBe('Ostravine miners strike over unpaid bonuses');
    const stories = (await api.get('/stories?q=ostravine&limit=10')).body.items as { title: string; clusterId: number; clusterSize: number }[];
    const copies = stories.filter((story) => story.title.startsWith('Ostravine shipments'));
    expect(copies).toHaveLength(2);
    expect(copies[0]!.clusterId).toBe(copies[1]!.clusterId);
    expect(copies[0]!.clusterSize).toBe(2);
  });

  it('does not alert a rule created later about an old story because another outlet picked it up', async () => {
    const watch = (await api.post('/watches', { name: 'quarnelle', query: 'quarnelle' })).body;
    await publish('/late-a.xml', 'Late A', [{ title: 'Quarnelle bridge opens', link: 'https://late.example/quarnelle?utm_source=a', description: '.' }]);
    const receiver = await new WebhookReceiver().start();
    receivers.push(receiver);
    const ch = (await api.post('/channels', { kind: 'webhook', name: 'late', url: `${receiver.url}/hook` })).body;
    expect((await api.post('/rules', { channelId: ch.id, watchId: watch.id, mode: 'instant' })).status).toBe(201);
    await publish('/late-b.xml', 'Late B', [{ title: 'Bridge ceremony held', link: 'https://late.example/quarnelle?utm_source=b', description: '.' }]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received).toHaveLength(0);
  });

  it('combines an alert storm into one message past the channel rate limit, re-sent under one webhook-id', async () => {
    const { receiver, channel } = await setup('brontesk', {}, { rateLimitPerMinute: 2 });
    // The combined message fails once: its retry must carry the same webhook-id and the same stories.
    receiver.respond = (req) =>
      JSON.parse(req.body).type === 'digest' && receiver.received.filter((r) => JSON.parse(r.body).type === 'digest').length === 1
        ? { status: 503 }
        : { status: 200 };
    // Six different stories (six events, six alerts): one city's news of the morning.
    const items = [
      ['Brontesk dockers walk out over pay', 'Container traffic stopped at the port as 1,400 dockers began a 48-hour strike on Monday.'],
      ['Brontesk mayor resigns after audit', 'Ilse Varga stepped down after auditors questioned 2.3 million euros of road contracts.'],
      ['Flooding cuts Brontesk rail line', 'The river burst its banks overnight and trains to the coast were replaced by buses.'],
      ['Brontesk FC appoints Dutch coach', 'The second-division club signed Joost Meijer on a two-year deal after a run of defeats.'],
      ['Brontesk university wins research grant', 'Its battery laboratory will receive 12 million euros from the European Research Council.'],
      ['Brontesk airport to allow night flights', 'Regulators approved six late landings a week from March despite residents objecting to noise.'],
    ].map(([title, description], i) => ({
      title: title!,
      link: `https://storm.example/${i}`,
      description: description!,
      pubDate: new Date(Date.now() - i * 60_000),
    }));
    await publish('/storm.xml', 'Storm', items);
    await receiver.waitFor(3, 10_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received).toHaveLength(3);
    const bodies = receiver.received.map((r) => ({ id: r.headers['webhook-id'], event: JSON.parse(r.body) }));
    const combined = bodies.filter((b) => b.event.type === 'digest');
    expect(combined).toHaveLength(2);
    expect(combined[0]!.id).toBe(combined[1]!.id);
    expect(combined[1]!.event.data).toEqual(combined[0]!.event.data);
    expect(combined[0]!.event.data.reason).toBe('rate-limit');
    expect(combined[0]!.event.data.stories).toHaveLength(5);
    const rows = (await api.get('/deliveries?limit=200')).body.items.filter((d: { channelId: number }) => d.channelId === channel.id);
    const message = rows.find((d: { idempotencyKey: string }) => d.idempotencyKey === combined[0]!.id);
    expect(message).toMatchObject({ status: 'sent', attempts: 2 });
    expect(rows.filter((d: { status: string }) => d.status === 'combined').map((d: { combinedInto: number }) => d.combinedInto)).toEqual(
      Array(5).fill(message.id),
    );
    expect(rows.filter((d: { status: string }) => d.status === 'sent')).toHaveLength(2);
  });

  it('covers several watches with one rule, and only those', async () => {
    const receiver = await new WebhookReceiver().start();
    receivers.push(receiver);
    const w1 = (await api.post('/watches', { name: 'kessarine', query: 'kessarine' })).body;
    const w2 = (await api.post('/watches', { name: 'lumbroth', query: 'lumbroth' })).body;
    await api.post('/watches', { name: 'morvathe', query: 'morvathe' });
    const ch = (await api.post('/channels', { kind: 'webhook', name: 'several', url: `${receiver.url}/hook` })).body;
    const rule = await api.post('/rules', { channelId: ch.id, watchIds: [w1.id, w2.id], mode: 'instant' });
    expect(rule.body.watchIds.sort()).toEqual([w1.id, w2.id].sort());
    await publish('/several.xml', 'Several', [
      { title: 'Kessarine summit', link: 'https://sev.example/1', description: '.' },
      { title: 'Lumbroth election', link: 'https://sev.example/2', description: '.' },
      { title: 'Morvathe floods', link: 'https://sev.example/3', description: '.' },
    ]);
    await receiver.waitFor(2, 10_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(receiver.received.map((r) => JSON.parse(r.body).data.story.title).sort()).toEqual(['Kessarine summit', 'Lumbroth election']);
  });

  it('reports a feed failing past the threshold once per failure episode', async () => {
    const receiver = await new WebhookReceiver().start();
    receivers.push(receiver);
    const ch = (await api.post('/channels', { kind: 'webhook', name: 'ops', url: `${receiver.url}/hook` })).body;
    expect((await api.post('/rules', { channelId: ch.id, mode: 'feed-health', failingHours: 1 })).status).toBe(201);
    const feed = (await api.post('/feeds', { url: 'http://127.0.0.1:1/gone.xml', title: 'Gone Wire' })).body;
    await eventually(async () => (await api.get(`/feeds/${feed.id}`)).body.lastError, 10_000, 'first failure');
    expect(receiver.received).toHaveLength(0);
    // The episode started two hours ago: the next failure crosses the one-hour threshold.
    await app.runtime.handle.db
      .updateTable('feeds')
      .set({ failing_since: new Date(Date.now() - 2 * 3_600_000) })
      .where('id', '=', feed.id)
      .execute();
    for (let i = 0; i < 2; i++) {
      const before = (await api.get(`/feeds/${feed.id}`)).body.lastFetchedAt;
      await api.post(`/feeds/${feed.id}/refresh`);
      await eventually(async () => (await api.get(`/feeds/${feed.id}`)).body.lastFetchedAt !== before || null, 10_000);
    }
    const [request] = await receiver.waitFor(1, 10_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(receiver.received).toHaveLength(1);
    const event = JSON.parse(request!.body);
    expect(event.type).toBe('feed.failing');
    expect(event.data.message).toMatch(/Gone Wire.*failing for 2 h/);
  });
});
