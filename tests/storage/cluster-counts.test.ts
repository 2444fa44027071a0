import { describe, expect, it } from 'vitest';
import { deleteFeed, describeClusters, type Feed } from '@newswatch/db';
import { testBackends } from '../support/databases';
import { normalizedItem } from '../support/normalized-item';
import { outletsOnFreshDatabase } from '../support/outlet-store';

const LEDE = 'Harbour authorities in Ostravine closed the northern port for two days after a fuel barge ran aground on Monday, the port operator said.';

/** An outlet's copy of the one event: the same article (one canonical URL), its own headline. */
const copy = (key: string, title: string) => normalizedItem({ key, url: `http://127.0.0.1/ostravine-port?utm_source=${key}`, title, summary: LEDE });

/**
 * A cluster's row keeps its size and distinct outlets as stories join (what `minSources` and the
 * story list read): after every kind of growth — another story of an outlet already there, new
 * outlets several at once, one new outlet with two stories in one batch — and after a feed is
 * deleted, the row says what counting its stories says.
 */
describe.each(testBackends())('cluster counts on %s', (backend) => {
  const outlets = outletsOnFreshDatabase(backend, ['a', 'b', 'c', 'd', 'e']);
  const { store } = outlets;

  /** The event's cluster as its row says and as its stories count. */
  async function counts() {
    const rows = await outlets.db.selectFrom('clusters').select(['id', 'size', 'sources_count']).execute();
    expect(rows).toHaveLength(1);
    const [row] = rows as [(typeof rows)[number]];
    const counted = (await describeClusters(outlets.db, [row.id])).get(row.id)!;
    return { row: { size: row.size, outlets: row.sources_count }, counted: { size: counted.size, outlets: counted.outlets } };
  }

  it('keeps size and outlets as the stories count them, through growth and a deleted feed', async () => {
    const [a, b, c, d, e] = outlets.feeds as [Feed, Feed, Feed, Feed, Feed];
    await store([{ feed: a, items: [copy('a1', 'Ostravine port closed after barge runs aground')] }]);
    expect(await counts()).toEqual({ row: { size: 1, outlets: 1 }, counted: { size: 1, outlets: 1 } });

    // The same outlet again: one more story, no more outlets.
    await store([{ feed: a, items: [copy('a2', 'Ostravine port stays shut, operator says')] }]);
    expect(await counts()).toEqual({ row: { size: 2, outlets: 1 }, counted: { size: 2, outlets: 1 } });

    // Two new outlets and one already there, in one batch.
    await store([
      { feed: b, items: [copy('b1', 'Barge aground closes Ostravine port')] },
      { feed: c, items: [copy('c1', 'Fuel barge grounding shuts northern port')] },
      { feed: a, items: [copy('a3', 'Ostravine port: two-day closure')] },
    ]);
    expect(await counts()).toEqual({ row: { size: 5, outlets: 3 }, counted: { size: 5, outlets: 3 } });

    // A new outlet with two stories at once is one outlet.
    await store([{ feed: d, items: [copy('d1', 'Port of Ostravine closed'), copy('d2', 'Ostravine port closure: what we know')] }]);
    expect(await counts()).toEqual({ row: { size: 7, outlets: 4 }, counted: { size: 7, outlets: 4 } });

    await store([{ feed: e, items: [copy('e1', 'Ostravine harbour shut for two days')] }]);
    expect(await counts()).toEqual({ row: { size: 8, outlets: 5 }, counted: { size: 8, outlets: 5 } });

    // An outlet removed takes its stories with it, and the row its counts.
    expect(await deleteFeed(outlets.db, d.id)).toBe(true);
    expect(await counts()).toEqual({ row: { size: 6, outlets: 4 }, counted: { size: 6, outlets: 4 } });
  });
});
