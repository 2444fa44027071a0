import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertComposer } from '@newswatch/alerts';
import { createChannel, createFeed, createRule, createWatch, findWatchById, type DatabaseHandle, type Feed } from '@newswatch/db';
import { canonicalizeUrl, storeItemsOfFeeds, WatchMatcher, type NormalizedItem } from '@newswatch/ingest';
import { createTestDatabase, testBackends } from '../support/databases';

const LOREM = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua'.split(' ');

function item(key: string, title: string, text: string): NormalizedItem {
  return {
    dedupeKey: `guid:${key}`,
    guid: key,
    url: `https://wire.example/${key}`,
    canonicalUrl: canonicalizeUrl(`https://wire.example/${key}`),
    title,
    summaryText: '',
    contentHtml: `<p>${text}</p>`,
    contentText: text,
    author: null,
    language: 'en',
    publishedAt: new Date(),
    contentHash: key,
  };
}

/**
 * One watch that fails on a story — here by running over its work budget, lowered so that
 * a real query on a real story reaches it — is skipped for that story and marked; the story
 * is stored, and the other watches match it and alert, in the same transaction as always.
 */
describe.each(testBackends())('a watch that fails on a story, on %s', (backend) => {
  let handle: DatabaseHandle;
  let feed: Feed;

  beforeAll(async () => {
    handle = await createTestDatabase(backend);
    feed = (await createFeed(handle.db, { url: 'https://wire.example/feed.xml', title: 'Wire' }))!;
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('is skipped and marked, and the story is stored, matched and alerted for the others', async () => {
    const db = handle.db;
    const costly = await createWatch(db, { name: 'Costly', query: '(lo* OR ip* OR do*) NEAR/1000 (si* OR am*) NEAR/1000 sanction*' });
    const plain = await createWatch(db, { name: 'Sanctions', query: 'sanction*' });
    const channel = await createChannel(db, {
      kind: 'webhook',
      name: 'hook',
      config: { url: 'http://127.0.0.1:9/hook', format: 'json' },
      secret: null,
      rate_limit_per_minute: null,
    });
    await createRule(db, { channel_id: channel.id, watch_id: null, mode: 'instant', schedule: null, timezone: null, muted_until: null });
    const matcher = new WatchMatcher(db, { workLimit: 500 });

    const long = `${Array.from({ length: 1000 }, (_, i) => LOREM[i % LOREM.length]).join(' ')} new sanctions`;
    const [result] = await storeItemsOfFeeds(
      db,
      [{ feed, items: [item('long', 'Sanctions widened', long), item('short', 'Sanctions on lorem', 'lorem sit sanctions')] }],
      matcher,
      createAlertComposer(null),
    );
    expect(result).toMatchObject({ inserted: 2, matched: 2 });

    const matches = await db
      .selectFrom('matches')
      .innerJoin('stories', 'stories.id', 'matches.story_id')
      .select(['stories.guid', 'matches.watch_id'])
      .orderBy('stories.guid')
      .orderBy('matches.watch_id')
      .execute();
    // The costly watch still matches the short story, within its budget; only the long one is skipped.
    expect(matches).toEqual([
      { guid: 'long', watch_id: plain.id },
      { guid: 'short', watch_id: costly.id },
      { guid: 'short', watch_id: plain.id },
    ]);
    expect(await db.selectFrom('deliveries').select('id').execute()).toHaveLength(2);

    await matcher.idle();
    const marked = (await findWatchById(db, costly.id))!;
    expect(marked.last_error).toMatch(/^Skipped on a story \(https:\/\/wire\.example\/long\): matching this query against one story took more than 500 steps/);
    expect(marked.last_error_at).toBeInstanceOf(Date);
    expect((await findWatchById(db, plain.id))!.last_error).toBeNull();
    // Recording the error is not an edit: the matcher does not recompile for it.
    expect(marked.updated_at).toEqual(costly.updated_at);
  });
});
