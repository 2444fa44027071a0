import { SpikeScheduler } from '@newswatch/alerts';
import {
  countWatchMatchesBetween,
  createChannel,
  createFeed,
  createRule,
  createWatch,
  insertMatches,
  listOpenSpikes,
  sql,
  updateRule,
  type AlertPayload,
  type DatabaseHandle,
  type Kysely,
  type Database,
} from '@newswatch/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testBackends } from '../support/databases';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Stores one story per date for `watchId`, each matched by it, in two statements. */
async function storeMatches(db: Kysely<Database>, feedId: number, watchId: number, label: string, dates: Date[]): Promise<void> {
  if (dates.length === 0) return;
  const stories = await db
    .insertInto('stories')
    .values(
      dates.map((at, i) => ({
        feed_id: feedId,
        dedupe_key: `${label}-${at.getTime()}-${i}`,
        guid: null,
        url: null,
        canonical_url: null,
        title: `${label} story ${i}`,
        summary_text: '',
        content_html: '',
        content_text: '',
        author: null,
        language: 'en',
        published_at: at,
        content_hash: `${label}-${i}`,
        cluster_id: null,
      })),
    )
    .returning('id')
    .execute();
  await insertMatches(
    db,
    stories.map((s) => ({ story_id: s.id, watch_id: watchId, spans: [] })),
  );
}

/** `n` dates spread evenly over [from, to). */
const spread = (n: number, from: Date, to: Date) => Array.from({ length: n }, (_, i) => new Date(from.getTime() + ((to.getTime() - from.getTime()) * i) / n));

describe.each(testBackends())('spike rules on %s', (backend) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('alerts once per spike episode, ends it when the rate falls back, and ignores a steady or small count', async () => {
    const { db } = handle;
    const now = new Date('2026-11-28T12:00:00Z');
    const feed = (await createFeed(db, { url: `https://spikes.example/${backend}.xml`, title: 'Spike Wire' }))!;
    const volcano = await createWatch(db, { name: 'Volcano', query: 'volcano' });
    const harvest = await createWatch(db, { name: 'Harvest', query: 'harvest' });
    const quiet = await createWatch(db, { name: 'Quiet', query: 'quiet' });
    const channel = await createChannel(db, { kind: 'webhook', name: 'spikes', config: { url: 'https://hooks.example/s', format: 'json' }, secret: null });
    const rule = await createRule(db, {
      channel_id: channel.id,
      watch_id: null,
      mode: 'spike',
      schedule: null,
      timezone: null,
      muted_until: null,
      spike_window: 'hour',
      spike_factor: 3,
      spike_min_count: 4,
    });

    // Harvest: a steady 4 an hour for a week and in the last hour. Volcano: one a day, then 6
    // within the last hour. Quiet: 3 in the last hour and nothing before — under the minimum.
    await storeMatches(db, feed.id, harvest.id, 'harvest', spread(4 * 169, new Date(now.getTime() - 169 * HOUR), now));
    await storeMatches(db, feed.id, volcano.id, 'volcano-old', spread(7, new Date(now.getTime() - 7 * DAY), new Date(now.getTime() - DAY)));
    await storeMatches(db, feed.id, volcano.id, 'volcano', spread(6, new Date(now.getTime() - 50 * 60_000), new Date(now.getTime() - 5 * 60_000)));
    await storeMatches(db, feed.id, quiet.id, 'quiet', spread(3, new Date(now.getTime() - 30 * 60_000), now));

    const spikes = new SpikeScheduler(db, 'https://newswatch.example');
    expect(await spikes.check(now)).toBe(1);
    expect(await spikes.check(new Date(now.getTime() + 60_000))).toBe(0);
    const deliveries = () => db.selectFrom('deliveries').selectAll().where('rule_id', '=', rule.id).orderBy('id').execute();
    const [first] = await deliveries();
    const payload = first!.payload as Extract<AlertPayload, { type: 'watch.spike' }>;
    expect(payload).toMatchObject({ type: 'watch.spike', watchId: volcano.id, watchName: 'Volcano', window: 'hour', count: 6, factor: 3 });
    expect(payload.baseline).toBeCloseTo(7 / 168, 5);
    expect(payload.message).toBe('Watch "Volcano": 6 matches in the last hour, 144× its usual 0.04 an hour');
    expect(payload.stories).toHaveLength(5);
    expect(payload.stories[0]!.dashboardUrl).toMatch(/^https:\/\/newswatch\.example\/stories\/\d+$/);
    expect(payload.dashboardUrl).toBe(`https://newswatch.example/?watch=${volcano.id}`);

    // More of it during the spike: still one episode, one alert, a higher peak.
    await storeMatches(db, feed.id, volcano.id, 'volcano-more', spread(4, new Date(now.getTime() + 60_000), new Date(now.getTime() + 5 * 60_000)));
    expect(await spikes.check(new Date(now.getTime() + 10 * 60_000))).toBe(0);
    const [open] = await listOpenSpikes(db);
    expect(open).toMatchObject({ rule_id: rule.id, watch_id: volcano.id, count: 6, peak_count: 10 });

    // Two hours on, the hour is quiet again: the episode ends, and a new burst is a new alert.
    const later = new Date(now.getTime() + 2 * HOUR);
    expect(await spikes.check(later)).toBe(0);
    expect(await listOpenSpikes(db)).toEqual([]);
    await storeMatches(db, feed.id, volcano.id, 'volcano-again', spread(5, new Date(later.getTime() + 60_000), new Date(later.getTime() + 6 * 60_000)));
    expect(await spikes.check(new Date(later.getTime() + 10 * 60_000))).toBe(1);
    const rows = await deliveries();
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(2);
    expect(rows.every((r) => (r.payload as { watchId: number }).watchId === volcano.id)).toBe(true);

    // Switching the rule off ends what it had open.
    await updateRule(db, rule.id, { enabled: false });
    await spikes.check(new Date(later.getTime() + 11 * 60_000));
    expect(await listOpenSpikes(db)).toEqual([]);
  });

  it('opens an episode once when two dispatchers check at the same moment', async () => {
    const { db } = handle;
    const now = new Date('2026-11-29T12:00:00Z');
    const feed = (await createFeed(db, { url: `https://race.example/${backend}.xml`, title: 'Race Wire' }))!;
    const watch = await createWatch(db, { name: 'Race', query: 'race' });
    const channel = await createChannel(db, { kind: 'webhook', name: 'race', config: { url: 'https://hooks.example/r', format: 'json' }, secret: null });
    const rule = await createRule(db, {
      channel_id: channel.id,
      watch_id: watch.id,
      mode: 'spike',
      schedule: null,
      timezone: null,
      muted_until: null,
      spike_window: 'hour',
      spike_factor: 3,
      spike_min_count: 5,
    });
    await storeMatches(db, feed.id, watch.id, 'race', spread(8, new Date(now.getTime() - 40 * 60_000), now));
    const results = await Promise.all([new SpikeScheduler(db, null).check(now), new SpikeScheduler(db, null).check(now)]);
    expect(results.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await db.selectFrom('deliveries').select('id').where('rule_id', '=', rule.id).execute()).toHaveLength(1);
  });

  it('compares the last 24 hours with the days before, from the day counts', async () => {
    const { db } = handle;
    const now = new Date('2026-11-30T09:30:00Z');
    const feed = (await createFeed(db, { url: `https://days.example/${backend}.xml`, title: 'Day Wire' }))!;
    const drills = await createWatch(db, { name: 'Drills', query: 'drills' });
    const steady = await createWatch(db, { name: 'Steady', query: 'steady' });
    const channel = await createChannel(db, { kind: 'webhook', name: 'days', config: { url: 'https://hooks.example/d', format: 'json' }, secret: null });
    const rule = await createRule(db, {
      channel_id: channel.id,
      watch_id: null,
      mode: 'spike',
      schedule: null,
      timezone: null,
      muted_until: null,
      spike_window: 'day',
      spike_factor: 3,
      spike_min_count: 5,
    });
    await sql`insert into rule_watches (rule_id, watch_id) values (${rule.id}, ${drills.id}), (${rule.id}, ${steady.id})`.execute(db);
    // Drills: two a day for four weeks, then 12 in the last day. Steady: 10 a day throughout.
    await storeMatches(db, feed.id, drills.id, 'drills-old', spread(56, new Date(now.getTime() - 29 * DAY), new Date(now.getTime() - DAY)));
    await storeMatches(db, feed.id, drills.id, 'drills', spread(12, new Date(now.getTime() - 20 * HOUR), now));
    await storeMatches(db, feed.id, steady.id, 'steady', spread(290, new Date(now.getTime() - 29 * DAY), now));

    // The counts by day rollup and partial days agree with counting the matches one by one.
    for (const [from, to] of [
      [new Date(now.getTime() - 29 * DAY), new Date(now.getTime() - DAY)],
      [new Date(now.getTime() - DAY), now],
      [new Date('2026-11-20T00:00:00Z'), new Date('2026-11-22T00:00:00Z')],
      [new Date('2026-11-20T13:00:00Z'), new Date('2026-11-20T15:00:00Z')],
    ] as const) {
      const counted = await countWatchMatchesBetween(db, [drills.id, steady.id], from, to);
      const { rows } = await sql<{ watch_id: number; n: number }>`
        select watch_id, count(*)::integer as n from matches
        where watch_id in (${drills.id}, ${steady.id}) and published_at >= ${from} and published_at < ${to} group by watch_id`.execute(db);
      for (const id of [drills.id, steady.id]) expect(counted.get(id)).toBe(Number(rows.find((r) => r.watch_id === id)?.n ?? 0));
    }

    expect(await new SpikeScheduler(db, null).check(now)).toBe(1);
    const [delivery] = await db.selectFrom('deliveries').selectAll().where('rule_id', '=', rule.id).execute();
    expect(delivery!.payload).toMatchObject({ type: 'watch.spike', watchId: drills.id, window: 'day', count: 12 });
    expect((delivery!.payload as { message: string }).message).toBe('Watch "Drills": 12 matches in the last 24 hours, 6× its usual 2 a day');
  });
});
