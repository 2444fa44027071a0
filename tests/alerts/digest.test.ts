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
    const rule = await createRule(db, {
      channel_id: channel.id,
      watch_id: watch.id,
      mode: 'digest',
      schedule: '0 8 * * *',
      timezone: 'Asia/Seoul',
      muted_until: null,
    });
    await db
      .updateTable('rules')
      .set({ created_at: new Date('2026-11-20T00:00:00Z') })
      .where('id', '=', rule.id)
      .execute();

    const store = async (key: string, title: string, matchedAt: string) => {
      const story = (await insertStory(db, {
        feed_id: feed.id,
        dedupe_key: key,
        guid: key,
        url: `https://digest.example/${key}`,
        canonical_url: `https://digest.example/${key}`,
        title,
        summary_text: '',
        content_html: '',
        content_text: '',
        author: null,
        language: 'en',
        published_at: new Date(matchedAt),
        content_hash: key,
        cluster_id: null,
      }))!;
      await insertMatches(db, [{ story_id: story.id, watch_id: watch.id, spans: [{ field: 'title', start: 0, end: 3 }] }]);
      await db
        .updateTable('matches')
        .set({ matched_at: new Date(matchedAt) })
        .where('story_id', '=', story.id)
        .execute();
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

  it('catches up every window missed while no dispatcher ran, one digest each', async () => {
    const { db } = handle;
    const feed = (await createFeed(db, { url: `https://catchup.example/${backend}.xml`, title: 'Catch-up Wire' }))!;
    const watch = await createWatch(db, { name: 'Ostrava', query: 'Ostrava' });
    const channel = await createChannel(db, { kind: 'webhook', name: 'catch-up', config: { url: 'https://hooks.example/c', format: 'json' }, secret: null });
    const rule = await createRule(db, {
      channel_id: channel.id,
      watch_id: watch.id,
      mode: 'digest',
      schedule: '0 * * * *',
      timezone: 'UTC',
      muted_until: null,
    });
    await db
      .updateTable('rules')
      .set({ created_at: new Date('2026-11-28T05:00:00Z') })
      .where('id', '=', rule.id)
      .execute();
    for (const [key, at] of [
      ['h6', '2026-11-28T06:10:00Z'],
      ['h8', '2026-11-28T08:20:00Z'],
      ['h8b', '2026-11-28T08:40:00Z'],
    ] as const) {
      const story = (await insertStory(db, {
        feed_id: feed.id,
        dedupe_key: key,
        guid: key,
        url: null,
        canonical_url: null,
        title: `Ostrava ${key}`,
        summary_text: '',
        content_html: '',
        content_text: '',
        author: null,
        language: 'en',
        published_at: new Date(at),
        content_hash: key,
        cluster_id: null,
      }))!;
      await insertMatches(db, [{ story_id: story.id, watch_id: watch.id, spans: [] }]);
      await db
        .updateTable('matches')
        .set({ matched_at: new Date(at) })
        .where('story_id', '=', story.id)
        .execute();
    }
    // Down from 05:00 to 10:30: windows 06–07 and 08–09 hold stories, the other three are empty.
    expect(await new DigestScheduler(db, null).enqueueDue(new Date('2026-11-28T10:30:00Z'))).toBe(2);
    const rows = await db.selectFrom('deliveries').selectAll().where('rule_id', '=', rule.id).orderBy('id').execute();
    expect(rows.map((r) => (r.payload as { windowEnd: string }).windowEnd)).toEqual(['2026-11-28T07:00:00.000Z', '2026-11-28T09:00:00.000Z']);
    expect(rows.map((r) => (r.payload as { stories: unknown[] }).stories.length)).toEqual([1, 2]);
  });

  it('puts a story in the digest of the window in which it reached minSources outlets, once', async () => {
    const { db } = handle;
    const feeds = await Promise.all(
      ['a', 'b'].map(async (name) => (await createFeed(db, { url: `https://min-${name}.example/${backend}.xml`, title: `Outlet ${name}` }))!),
    );
    const watch = await createWatch(db, { name: 'Velmora', query: 'Velmora' });
    const channel = await createChannel(db, { kind: 'webhook', name: 'min', config: { url: 'https://hooks.example/m', format: 'json' }, secret: null });
    const rule = await createRule(db, {
      channel_id: channel.id,
      watch_id: watch.id,
      mode: 'digest',
      schedule: '0 8 * * *',
      timezone: 'UTC',
      muted_until: null,
      min_sources: 2,
    });
    await db
      .updateTable('rules')
      .set({ created_at: new Date('2026-11-25T00:00:00Z') })
      .where('id', '=', rule.id)
      .execute();
    const cluster = await db
      .insertInto('clusters')
      .values({ first_seen_at: new Date('2026-11-26T10:00:00Z') })
      .returningAll()
      .executeTakeFirstOrThrow();
    const copy = async (feedId: number, key: string, title: string, at: string, matches: boolean) => {
      const story = (await insertStory(db, {
        feed_id: feedId,
        dedupe_key: key,
        guid: key,
        url: null,
        canonical_url: null,
        title,
        summary_text: '',
        content_html: '',
        content_text: '',
        author: null,
        language: 'en',
        published_at: new Date(at),
        content_hash: key,
        cluster_id: cluster.id,
      }))!;
      await db
        .updateTable('stories')
        .set({ fetched_at: new Date(at) })
        .where('id', '=', story.id)
        .execute();
      if (matches) {
        await insertMatches(db, [{ story_id: story.id, watch_id: watch.id, spans: [{ field: 'title', start: 0, end: 7 }] }]);
        await db
          .updateTable('matches')
          .set({ matched_at: new Date(at) })
          .where('story_id', '=', story.id)
          .execute();
      }
    };
    // Monday's window sees one outlet; the second outlet (its copy does not match) comes on Tuesday.
    await copy(feeds[0]!.id, 'velmora-a', 'Velmora port reopens', '2026-11-26T10:00:00Z', true);
    await copy(feeds[1]!.id, 'velmora-b', 'Harbour reopens after strike', '2026-11-27T03:00:00Z', false);
    await db
      .updateTable('clusters')
      .set({ sources_count: 2, size: 2, last_seen_at: new Date('2026-11-27T03:00:00Z') })
      .where('id', '=', cluster.id)
      .execute();

    expect(await new DigestScheduler(db, null).enqueueDue(new Date('2026-11-29T09:00:00Z'))).toBe(1);
    const rows = await db.selectFrom('deliveries').selectAll().where('rule_id', '=', rule.id).execute();
    expect(rows).toHaveLength(1);
    const payload = rows[0]!.payload as { windowEnd: string; stories: { title: string; sourcesCount: number }[] };
    expect(payload.windowEnd).toBe('2026-11-27T08:00:00.000Z');
    expect(payload.stories.map((s) => [s.title, s.sourcesCount])).toEqual([['Velmora port reopens', 2]]);
  });
});
