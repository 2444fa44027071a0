import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewQuery } from '@newswatch/api';
import { createFeed, insertStories, type DatabaseHandle } from '@newswatch/db';
import { compileQuery } from '@newswatch/match';
import { createTestDatabase } from '../support/databases';

/**
 * A preview is a scan of up to 20,000 stored stories on every keystroke in the editor: it
 * stops when its time is up or its client has gone, and says the result is partial.
 */
describe('preview limits', () => {
  let handle: DatabaseHandle;
  const query = compileQuery('sanction*');

  beforeAll(async () => {
    handle = await createTestDatabase('pglite');
    const feed = (await createFeed(handle.db, { url: 'https://wire.example/feed.xml', title: 'Wire' }))!;
    await insertStories(
      handle.db,
      Array.from({ length: 600 }, (_, n) => ({
        feed_id: feed.id,
        dedupe_key: `s${n}`,
        title: `New sanctions, day ${n}`,
        summary_text: '',
        content_html: '',
        content_text: 'The council adopted new sanctions.',
        published_at: new Date(Date.now() - n * 60_000),
        content_hash: `s${n}`,
        cluster_id: null,
      })),
    );
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('scans every recent story, a page at a time, newest first', async () => {
    const result = await previewQuery(handle.db, query);
    expect(result).toMatchObject({ scanned: 600, total: 600, skipped: 0, complete: true });
    expect(result.items.map((i) => i.title).slice(0, 2)).toEqual(['New sanctions, day 0', 'New sanctions, day 1']);
    expect(result.items).toHaveLength(50);
  });

  it('stops when its time is up, and says so', async () => {
    const result = await previewQuery(handle.db, query, { timeLimitMs: -1 });
    expect(result).toMatchObject({ scanned: 0, total: 0, complete: false });
  });

  it('stops when its client has gone away', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await previewQuery(handle.db, query, { signal: controller.signal });
    expect(result).toMatchObject({ scanned: 0, complete: false });
  });
});
