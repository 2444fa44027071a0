import { afterAll, describe, expect, it } from 'vitest';
import { createAlertComposer } from '@newswatch/alerts';
import { createFeed, type DatabaseHandle, type Feed } from '@newswatch/db';
import { canonicalizeUrl, OnlineClusterer, storeItemsOfFeeds, WatchMatcher, type NormalizedItem } from '@newswatch/ingest';
import { createTestDatabase } from '../support/databases';
import { normalizedItem } from '../support/normalized-item';
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
  /** Item id → cluster, from the algorithm fed the items in feed order with these headlines. */
  function clusterInMemory(titleOf: (item: DevSetItem) => string): Map<string, string> {
    const clusterer = new OnlineClusterer();
    const clusterOf = new Map<string, string>();
    for (const item of items) {
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
    let handle: DatabaseHandle | undefined;
    afterAll(async () => {
      await handle?.close();
    });

    it('clusters as the algorithm does, and as well', { timeout: 120_000 }, async () => {
      handle = await createTestDatabase('pglite');
      const db = handle.db;
      const feeds = new Map<string, Feed>();
      for (const outlet of new Set(items.map((i) => i.outlet))) {
        feeds.set(outlet, (await createFeed(db, { url: `https://${slug(outlet)}.test/feed.xml`, title: outlet }))!);
      }
      const matcher = new WatchMatcher(db);
      const alerts = createAlertComposer(null);
      for (const item of items) await storeItemsOfFeeds(db, [{ feed: feeds.get(item.outlet)!, items: [normalized(item)] }], matcher, alerts);
      const rows = await db.selectFrom('stories').select(['guid', 'cluster_id']).execute();
      const clusterOf = new Map(rows.map((r) => [r.guid!, String(r.cluster_id)]));
      const scores = report('stored on PGlite', clusterOf);
      expect(scores.precision).toBeGreaterThanOrEqual(MIN_PRECISION);
      expect(scores.recall).toBeGreaterThanOrEqual(MIN_RECALL);
    });
  });
});

function slug(outlet: string): string {
  return outlet.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

function normalized(item: DevSetItem): NormalizedItem {
  return normalizedItem({
    key: item.id,
    url: item.url,
    title: item.title,
    summary: item.summary,
    content: item.content,
    publishedAt: new Date(item.publishedAt),
  });
}
