import { describe, expect, it } from 'vitest';
import { normalizeItems, OnlineClusterer, parseFeed } from '@newswatch/ingest';
import { pairwiseScores, type LabelledItem } from '../clustering/pairwise-scores';
import { COPY_SHARE, EVENTS_PER_ITEM, newsStory, wordOfRank } from './farm-news';
import { renderFeed } from './feed-farm';

const HOSTS = 60;
const FEEDS_PER_HOST = 5;
/** Not 20: the in-memory clusterer compares each story's fingerprint with every earlier one's, and 6,000 stories took 7 s. */
const ITEMS = 12;

/**
 * The farm's news as the poller reads it (rendered, parsed, normalized) for 300 feeds, placed
 * by the in-memory clusterer, against the farm's own truth: which event each story copies, or
 * none. Copies rewritten past recognition lose recall; stories of their own that share names
 * or too many words merge and lose precision. Either way the bench would not measure news.
 */
describe('feed farm, news text', () => {
  it('gives copies of an event that cluster together and stories of their own that stay apart', async () => {
    const clusterer = new OnlineClusterer();
    const labelled: LabelledItem[] = [];
    const clusterOf = new Map<string, number>();
    const events = new Set<string>();
    for (let h = 0; h < HOSTS; h++) {
      for (let f = 0; f < FEEDS_PER_HOST; f++) {
        const key = `127.0.${Math.floor(h / 250) + 1}.${(h % 250) + 2}:8080/feeds/${h}-${f}.xml`;
        const url = `http://${key}`;
        const parsed = await parseFeed(renderFeed(key, 0, ITEMS, 2, 'news'), url);
        for (const item of normalizeItems(parsed, url, new Date('2026-12-01T00:00:00Z'))) {
          const { clusterId } = clusterer.add({
            source: parsed.title ?? '',
            canonicalUrl: item.canonicalUrl,
            title: item.title,
            summary: item.summaryText,
            content: item.contentText,
            publishedAt: item.publishedAt,
          });
          const slot = Number(item.url!.split('/').pop());
          const { event } = newsStory(`/feeds/${h}-${f}.xml`, slot);
          if (event) events.add(event);
          labelled.push({ id: item.dedupeKey + key, event: event ?? `own ${key} ${slot}` });
          clusterOf.set(item.dedupeKey + key, clusterId);
        }
      }
    }
    const scores = pairwiseScores(labelled, clusterOf);
    const copies = labelled.filter((item) => !item.event.startsWith('own')).length;
    console.log(
      `farm news, ${HOSTS * FEEDS_PER_HOST} feeds × ${ITEMS} items: ${copies} copies of ${events.size} events, ` +
        `${labelled.length - copies} stories of their own → ${new Set(clusterOf.values()).size} clusters; ` +
        `pairwise P ${scores.precision.toFixed(3)} R ${scores.recall.toFixed(3)} (${scores.correctPairs}/${scores.predictedPairs} predicted pairs right, ${scores.truePairs} true pairs)`,
    );
    expect(labelled).toHaveLength(HOSTS * FEEDS_PER_HOST * ITEMS);
    expect(copies / labelled.length).toBeCloseTo(COPY_SHARE, 1);
    expect(events.size).toBeGreaterThan(0.9 * EVENTS_PER_ITEM * ITEMS);
    expect(scores.precision).toBeGreaterThanOrEqual(0.95);
    expect(scores.recall).toBeGreaterThanOrEqual(0.8);
  });

  it('spells each rank of the vocabulary its own way', () => {
    const words = new Set(Array.from({ length: 60_000 }, (_, r) => wordOfRank(r + 1)));
    expect(words.size).toBe(60_000);
    expect(wordOfRank(1)).toHaveLength(4);
  });
});
