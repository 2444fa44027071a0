import { importOpmlFeeds, parseOpml } from '@newswatch/ingest';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, testBackends } from '../support/databases';

const bigOpml = (n: number) =>
  `<opml version="1.0"><body><outline text="Folder">${Array.from({ length: n }, (_, i) => `<outline type="rss" text="Feed ${i}" xmlUrl="https://host${i % 40}.example/feed/${i}"/>`).join('')}</outline></body></opml>`;

describe.each(testBackends())('OPML import in batches on %s', (backend) => {
  it('commits each batch on its own (another connection sees the feeds as they arrive) and reports progress', async () => {
    const handle = await createTestDatabase(backend);
    const observer = handle.url ? new pg.Client({ connectionString: handle.url }) : null;
    await observer?.connect();
    try {
      const progress: number[] = [];
      const seen: Promise<[number, number]>[] = [];
      const summary = await importOpmlFeeds(handle.db, parseOpml(bigOpml(1050)), {
        batchSize: 100,
        onProgress: (done, total) => {
          expect(total).toBe(1050);
          progress.push(done);
          if (observer) seen.push(observer.query<{ n: string }>('select count(*) as n from feeds').then((r) => [done, Number(r.rows[0]!.n)]));
        },
      });
      expect(summary).toMatchObject({ total: 1050, added: 1050, skipped: 0, invalid: [] });
      expect(summary.addedIds).toHaveLength(1050);
      expect(progress).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1050]);
      // Had one transaction wrapped the import, a second connection would see nothing until the end.
      for (const [done, visible] of await Promise.all(seen)) expect(visible).toBeGreaterThanOrEqual(done);

      const due = await handle.db
        .selectFrom('feeds')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('next_poll_at', '<=', new Date(Date.now() + 1000))
        .executeTakeFirstOrThrow();
      expect(Number(due.n)).toBe(1050);

      const again = await importOpmlFeeds(handle.db, parseOpml(bigOpml(1100)));
      expect(again).toMatchObject({ total: 1100, added: 50, skipped: 1050 });
    } finally {
      await observer?.end();
      await handle.close();
    }
  });
});
