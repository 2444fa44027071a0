import { FeedHealthScheduler } from '@newswatch/alerts';
import { createChannel, createFeed, createRule, updateFeed } from '@newswatch/db';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, testBackends } from '../support/databases';

describe.each(testBackends())('feed-health checks by the dispatcher (%s)', (backend) => {
  it('reports a feed failing past each rule’s threshold without waiting for its next poll, once per episode', async () => {
    const handle = await createTestDatabase(backend);
    try {
      const { db } = handle;
      const now = new Date('2026-11-28T12:00:00Z');
      const channel = await createChannel(db, {
        kind: 'webhook',
        name: 'ops',
        config: { url: 'https://hooks.example/ops', format: 'json' },
        secret: null,
        rate_limit_per_minute: null,
      });
      const base = { channel_id: channel.id, watch_id: null, mode: 'feed-health' as const, schedule: null, timezone: null, muted_until: null };
      const sixHours = await createRule(db, { ...base, failing_hours: 6 });
      const day = await createRule(db, { ...base, failing_hours: 24 });
      const broken = (await createFeed(db, { url: 'https://broken.example/rss', title: 'Broken Wire' }))!;
      const healthy = (await createFeed(db, { url: 'https://fine.example/rss', title: 'Fine Wire' }))!;
      const firstEpisode = new Date(now.getTime() - 7 * 3_600_000);
      await updateFeed(db, broken.id, { failing_since: firstEpisode, consecutive_failures: 9, last_error: 'HTTP 503 Service Unavailable' });
      await updateFeed(db, healthy.id, { failing_since: new Date(now.getTime() - 3_600_000), consecutive_failures: 2 });

      const scheduler = new FeedHealthScheduler(db, 0);
      expect(await scheduler.enqueueDue(now)).toBe(1);
      expect(await scheduler.enqueueDue(new Date(now.getTime() + 60_000))).toBe(0);
      const rows = await db.selectFrom('deliveries').selectAll().execute();
      expect(rows.map((r) => r.rule_id)).toEqual([sixHours.id]);
      expect(rows[0]!.payload).toMatchObject({
        type: 'feed.failing',
        feedId: broken.id,
        lastError: 'HTTP 503 Service Unavailable',
        message: 'Feed "Broken Wire" has been failing for 7 h: HTTP 503 Service Unavailable',
      });

      // The other feed recovers; a day in, the 24-hour rule hears of the broken one too; after
      // recovering and breaking anew, both rules are told again.
      await updateFeed(db, healthy.id, { failing_since: null, consecutive_failures: 0 });
      expect(await scheduler.enqueueDue(new Date(firstEpisode.getTime() + 24 * 3_600_000 + 1000))).toBe(1);
      const secondEpisode = new Date(now.getTime() + 30 * 3_600_000);
      await updateFeed(db, broken.id, { failing_since: secondEpisode });
      expect(await scheduler.enqueueDue(new Date(secondEpisode.getTime() + 25 * 3_600_000))).toBe(2);
      expect(await db.selectFrom('deliveries').select('rule_id').where('rule_id', '=', day.id).execute()).toHaveLength(2);
    } finally {
      await handle.close();
    }
  });
});
