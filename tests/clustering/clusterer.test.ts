import { describe, expect, it } from 'vitest';
import { createAlertComposer } from '@newswatch/alerts';
import { createFeed, type Feed } from '@newswatch/db';
import { canonicalizeUrl, OnlineClusterer, placeBacklog, storeItemsOfFeeds, WatchMatcher, type NormalizedItem } from '@newswatch/ingest';
import { createTestDatabase } from '../support/databases';
import { normalizedItem } from '../support/normalized-item';
import { shuffledWithSeed } from '../support/seeded-shuffle';
import { loadDevSet, type DevSetItem } from './load-dev-set';
import { listClusterErrors, pairwiseScores } from './pairwise-scores';

/**
 * Issue 10's bar is P 0.98 / R 0.90. Precision first: merging two events hides one of them.
 * Measured: P 0.989, R 0.919 (docs/clustering.md lists the errors left). Any change that
 * loses precision or recall past the bar fails here.
 */
const MIN_PRECISION = 0.98;
const MIN_RECALL = 0.9;

const items = loadDevSet();
/** Publication order, one item a batch: as steady polling brings them. */
const oneByOne = items.map((item) => [item]);

function report(label: string, clusterOf: Map<string, string>): ReturnType<typeof pairwiseScores> {
  const scores = pairwiseScores(items, clusterOf);
  const { falseMerges, falseSplits } = listClusterErrors(items, clusterOf, 5);
  const clusters = new Set(clusterOf.values()).size;
  console.log(
    [
      `${label}: ${items.length} items → ${clusters} clusters; pairwise P ${scores.precision.toFixed(3)} R ${scores.recall.toFixed(3)} F1 ${scores.f1.toFixed(3)} (${scores.correctPairs}/${scores.predictedPairs} predicted pairs right, ${scores.truePairs} true pairs)`,
      'worst false merges:',
      ...falseMerges.map((m) => `  ${m.pairs} pairs  ${m.events.join(' + ')}: "${m.titles[0]}" / "${m.titles[1]}"`),
      'worst false splits:',
      ...falseSplits.map((s) => `  ${s.pairs} pairs  ${s.event}: "${s.titles[0]}" / "${s.titles[1]}"`),
    ].join('\n'),
  );
  return scores;
}

describe('event clustering on the dev set (issue 10)', () => {
  /** Item id → cluster, from the algorithm fed the items in this order (publication order by default) with these headlines. */
  function clusterInMemory(titleOf: (item: DevSetItem) => string, order: readonly DevSetItem[] = items): Map<string, string> {
    const clusterer = new OnlineClusterer();
    const clusterOf = new Map<string, string>();
    for (const item of order) {
      const placed = clusterer.add({
        source: item.outlet,
        canonicalUrl: canonicalizeUrl(item.url),
        title: titleOf(item),
        summary: item.summary,
        content: item.content,
        publishedAt: new Date(item.publishedAt),
      });
      clusterOf.set(item.id, String(placed.clusterId));
    }
    return clusterOf;
  }

  it(`the algorithm in feed order reaches P ≥ ${MIN_PRECISION} and R ≥ ${MIN_RECALL}`, () => {
    const scores = report(
      'in memory',
      clusterInMemory((item) => item.title),
    );
    expect(scores.precision).toBeGreaterThanOrEqual(MIN_PRECISION);
    expect(scores.recall).toBeGreaterThanOrEqual(MIN_RECALL);
  });

  it("does as well with the outlet's name in every headline", () => {
    // Many sites end each headline with their name (" - BBC News"): in every story of the
    // outlet, it tells the outlet, not the event (P 0.957 when it counted).
    const scores = report(
      'outlet in every headline',
      clusterInMemory((item) => `${item.title} - ${item.outlet}`),
    );
    expect(scores.precision).toBeGreaterThanOrEqual(MIN_PRECISION);
    expect(scores.recall).toBeGreaterThanOrEqual(MIN_RECALL);
  });

  describe('through the storing stage on PGlite, one item at a time', () => {
    it('clusters as the algorithm does, and as well', { timeout: 120_000 }, async () => {
      const scores = report('stored on PGlite', await clusterStored(oneByOne, { bodies: true }));
      expect(scores.precision).toBeGreaterThanOrEqual(MIN_PRECISION);
      expect(scores.recall).toBeGreaterThanOrEqual(MIN_RECALL);
    });
  });

  /*
   * The figures above take the items in publication order, as steady polling brings them. A
   * first poll brings each feed's days of items at once, feed after feed, in whatever order the
   * feeds were added and answered, and many feeds carry no body. Measured (docs/clustering.md,
   * "Arrival order"): feed by feed P 0.989 R 0.799; 32 feeds a batch P 0.998 R 0.797; 40
   * shuffled feed orders P 0.911 on average (lowest 0.623: a launch and a summit merged);
   * without bodies in publication order P 0.974 R 0.793, feed by feed P 0.965 R 0.660. Below
   * the bar, so these guard what is measured rather than the bar: a change that merges
   * more events fails here. That is why a poll cycle no longer places a first poll as it comes
   * but keeps it as a backlog, placed at the cycle's end (the backlog test below: the bar met).
   */
  describe('as a first poll brings it: feed after feed, bodies or none', () => {
    const outlets = [...new Set(items.map((i) => i.outlet))];
    const feedByFeed = outlets.map((outlet) => items.filter((i) => i.outlet === outlet));

    it('feed by feed, and 32 feeds a batch, keeps precision; recall falls to 0.8', { timeout: 120_000 }, async () => {
      const byFeed = report('first poll, feed by feed', await clusterStored(feedByFeed, { bodies: true }));
      const batched: DevSetItem[][] = [];
      for (let i = 0; i < feedByFeed.length; i += 32) batched.push(feedByFeed.slice(i, i + 32).flat());
      const by32 = report('first poll, 32 feeds a batch', await clusterStored(batched, { bodies: true }));
      for (const scores of [byFeed, by32]) {
        expect(scores.precision).toBeGreaterThanOrEqual(MIN_PRECISION);
        expect(scores.recall).toBeGreaterThanOrEqual(0.78);
      }
    });

    it('in 40 other feed orders: precision 0.91 on average, some orders merge two events', () => {
      // A first poll's order is the order feeds were added and answered: any. In memory, each
      // feed's items in turn, feeds shuffled with fixed seeds (the same orders on every run).
      const precisions: number[] = [];
      const recalls: number[] = [];
      for (let seed = 1; seed <= 40; seed++) {
        const scores = pairwiseScores(
          items,
          clusterInMemory((item) => item.title, shuffledWithSeed(feedByFeed, seed).flat()),
        );
        precisions.push(scores.precision);
        recalls.push(scores.recall);
      }
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      const below = precisions.filter((p) => p < MIN_PRECISION).length;
      console.log(
        `40 feed orders, in memory: pairwise P mean ${mean(precisions).toFixed(3)}, lowest ${Math.min(...precisions).toFixed(3)}, ${below} of 40 under ${MIN_PRECISION}; R mean ${mean(recalls).toFixed(3)}`,
      );
      expect(mean(precisions)).toBeGreaterThanOrEqual(0.9);
      expect(Math.min(...precisions)).toBeGreaterThanOrEqual(0.6);
      expect(mean(recalls)).toBeGreaterThanOrEqual(0.77);
    });

    /*
     * What a poll cycle does with a first poll: every feed's items kept as a backlog, then
     * placed together in publication order at the cycle's end (place-backlog.ts). The feed
     * order no longer matters: seed 35 is the order that merged most placed as polled (P 0.623
     * in memory: the launch and the summit in one cluster).
     */
    it('kept as a backlog and placed at the cycle end, clusters as steady polling does, whatever the feed order', { timeout: 180_000 }, async () => {
      const asPolled = report('backlog, feeds as listed', await clusterStored(feedByFeed, { bodies: true, backlog: true }));
      const worstOrder = report('backlog, feed order 35', await clusterStored(shuffledWithSeed(feedByFeed, 35), { bodies: true, backlog: true }));
      const noBodies = report('backlog, no bodies', await clusterStored(feedByFeed, { bodies: false, backlog: true }));
      for (const scores of [asPolled, worstOrder]) {
        expect(scores.precision).toBeGreaterThanOrEqual(MIN_PRECISION);
        expect(scores.recall).toBeGreaterThanOrEqual(MIN_RECALL);
      }
      expect(noBodies.precision).toBeGreaterThanOrEqual(0.97);
      expect(noBodies.recall).toBeGreaterThanOrEqual(0.89);
    });

    it('without bodies, precision stays above 0.95', { timeout: 120_000 }, async () => {
      const inOrder = report('no bodies, publication order', await clusterStored(oneByOne, { bodies: false }));
      const byFeed = report('no bodies, feed by feed', await clusterStored(feedByFeed, { bodies: false }));
      expect(inOrder.precision).toBeGreaterThanOrEqual(0.97);
      expect(inOrder.recall).toBeGreaterThanOrEqual(0.78);
      expect(byFeed.precision).toBeGreaterThanOrEqual(0.95);
      expect(byFeed.recall).toBeGreaterThanOrEqual(0.64);
    });
  });
});

/**
 * Item id → cluster, from the storing stage on a fresh PGlite: each batch stored in one
 * transaction, one job per outlet in it (as the store batcher groups polled feeds). With
 * `backlog`, as a poll cycle stores first polls: kept, then placed once all are stored.
 */
async function clusterStored(batches: readonly (readonly DevSetItem[])[], options: { bodies: boolean; backlog?: boolean }): Promise<Map<string, string>> {
  const handle = await createTestDatabase('pglite');
  try {
    const db = handle.db;
    const feeds = new Map<string, Feed>();
    for (const outlet of new Set(items.map((i) => i.outlet))) {
      feeds.set(outlet, (await createFeed(db, { url: `https://${slug(outlet)}.test/feed.xml`, title: outlet }))!);
    }
    const matcher = new WatchMatcher(db);
    const alerts = createAlertComposer(null);
    for (const batch of batches) {
      const outletsOfBatch = [...new Set(batch.map((i) => i.outlet))];
      await storeItemsOfFeeds(
        db,
        outletsOfBatch.map((outlet) => ({
          feed: feeds.get(outlet)!,
          items: batch.filter((i) => i.outlet === outlet).map((item) => normalized(item, options.bodies)),
          backlog: options.backlog,
        })),
        matcher,
        alerts,
      );
    }
    if (options.backlog) await placeBacklog({ db, owner: 'test', matcher, alerts });
    const rows = await db.selectFrom('stories').select(['guid', 'cluster_id']).execute();
    return new Map(rows.map((r) => [r.guid!, String(r.cluster_id)]));
  } finally {
    await handle.close();
  }
}

function slug(outlet: string): string {
  return outlet.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** The item as the normalize stage hands it on; without a body, as a feed giving only its description. */
function normalized(item: DevSetItem, withBody: boolean): NormalizedItem {
  return normalizedItem({
    key: item.id,
    url: item.url,
    title: item.title,
    summary: item.summary,
    content: withBody ? item.content : undefined,
    publishedAt: new Date(item.publishedAt),
  });
}
