import { DigestScheduler, lastClosedWindow } from '@newswatch/alerts';
import { createChannel, createFeed, createRule, createWatch, insertMatches, insertStory, type DatabaseHandle } from '@newswatch/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testBackends } from '../support/databases';

describe('digest windows', () => {
  it('computes the last closed window in the rule’s time zone', () => {
    // 09:30 in Seoul on 28 November = 00:30 UTC: the 08:00 KST window closed at 23:00 UTC the day before.
    const window = lastClosedWindow('0 8 * * *', 'Asia/Seoul', new Date('2026-11-28T00:30:00Z'));
    expect(window.end.toISOString()).toBe('2026-11-27T23:00:00.000Z');
    expect(window.start.toISOString()).toBe('2026-11-26T23:00:00.000Z');
    // New York crosses daylight saving on 1 November 2026: 08:00 local is 13:00 UTC after it.
    expect(lastClosedWindow('0 8 * * *', 'America/New_York', new Date('2026-11-02T14:00:00Z')).end.toISOString()).toBe('2026-11-02T13:00:00.000Z');
  });
});

describe.each(testBackends())('digest scheduler on %s', (backend) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('sends one digest per window with the window’s clusters, and nothing for an empty window', async () => {
    const { db } = handle;
    const feed = (await createFeed(db, { url: `https://digest.example/${backend}.xml`, title: 'Digest Wire' }))!;
    const watch = await createWatch(db, { name: 'Kim', query: 'Kim' });
    const channel = await createChannel(db, { kind: 'webhook', name: 'digest', config: { url: 'https://hooks.example/d', format: 'json' }, secret: null });
    const rule = await createRule(db, { channel_id: channel.id, watch_id: watch.id, mode: 'digest', schedule: '0 8 * * *', timezone: 'Asia/Seoul', muted_until: null });
    await db.updateTable('rules').set({ created_at: new Date('2026-11-20T00:00:00Z') }).where('id', '=', rule.id).execute();

    const store = async (key: string, title: string, matchedAt: string) => {
      const story = (await insertStory(db, {
        feed_id: feed.id, dedupe_key: key, guid: key, url: `https://digest.example/${key}`, canonical_url: `https://digest.example/${key}`,
        title, summary_text: '', content_html: '', content_text: '', author: null, language: 'en',
        published_at: new Date(matchedAt), content_hash: key, cluster_id: null,
      }))!;
      await insertMatches(db, [{ story_id: story.id, watch_id: watch.id, spans: [{ field: 'title', start: 0, end: 3 }] }]);
      await db.updateTable('matches').set({ matched_at: new Date(matchedAt) }).where('story_id', '=', story.id).execute();
    };
    // Inside the window (26 Nov 23:00 UTC, 27 Nov 23:00 UTC], and one after it.
    await store('in-1', 'Kim visits a factory', '2026-11-27T02:00:00Z');
    await store('in-2', 'Kim meets envoy', '2026-11-27T20:00:00Z');
    await store('after', 'Kim later', '2026-11-28T00:10:00Z');

    const scheduler = new DigestScheduler(db, 'https://newswatch.example');
    expect(await scheduler.enqueueDue(new Date('2026-11-28T00:30:00Z'))).toBe(1);
    expect(await new DigestScheduler(db, null).enqueueDue(new Date('2026-11-28T00:45:00Z'))).toBe(0);
    const [delivery] = await db.selectFrom('deliveries').selectAll().where('rule_id', '=', rule.id).execute();
    const payload = delivery!.payload as { type: string; windowEnd: string; stories: { title: string; dashboardUrl: string }[] };
    expect(payload.type).toBe('digest');
    expect(payload.windowEnd).toBe('2026-11-27T23:00:00.000Z');
    expect(payload.stories.map((s) => s.title)).toEqual(['Kim visits a factory', 'Kim meets envoy']);
    expect(payload.stories[0]!.dashboardUrl).toMatch(/^https:\/\/newswatch\.example\/stories\/\d+$/);

    // The next window (27 Nov 23:00, 28 Nov 23:00] holds "Kim later"; the one after is empty.
    expect(await scheduler.enqueueDue(new Date('2026-11-29T00:00:00Z'))).toBe(1);
    expect(await scheduler.enqueueDue(new Date('2026-11-30T00:00:00Z'))).toBe(0);
    expect(await db.selectFrom('deliveries').select('id').where('rule_id', '=', rule.id).execute()).toHaveLength(2);
  });
});
