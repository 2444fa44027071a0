import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDevSet } from '../clustering/load-dev-set';
import { listClusterErrors, pairwiseScores } from '../clustering/pairwise-scores';
import { loopbackAddress } from '../ingest/feed-farm';
import { apiClient, eventually } from '../support/api-client';
import { FeedServer, rssFeed } from '../support/feed-server';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';
import { shuffledWithSeed } from '../support/seeded-shuffle';

interface ListedStory {
  url: string;
  clusterId: number;
  matches: unknown[];
}

/*
 * An analyst's first import: the clustering dev set (268 items, 59 events, 72 outlets) served
 * as 72 RSS feeds — descriptions only, as many feeds are — each outlet on a host of its own,
 * imported as one OPML file into a fresh newswatch, in the feed order that merged most when
 * first polls were placed as read (a launch and a summit in one cluster: P 0.62 in memory).
 * The clusters come back through the JSON API. Measured 2026-12-07: P 0.977, R 0.901, as
 * stored in publication order (tests/clustering/clusterer.test.ts, "backlog, no bodies").
 */
describe('a first import of many feeds', () => {
  const items = loadDevSet();
  const outlets = shuffledWithSeed([...new Set(items.map((i) => i.outlet))], 35);
  const servers = outlets.map((_, n) => new FeedServer(loopbackAddress(400 + n)));
  let app: Awaited<ReturnType<typeof startInProcess>>;

  beforeAll(async () => {
    for (const [n, outlet] of outlets.entries()) {
      await servers[n]!.start();
      servers[n]!.set('/feed.xml', {
        body: rssFeed(
          outlet,
          items
            .filter((i) => i.outlet === outlet)
            .map((i) => ({ title: i.title, link: i.url, guid: i.id, description: i.summary, pubDate: new Date(i.publishedAt) })),
        ),
      });
    }
    app = await startInProcess();
  });
  afterAll(async () => {
    await app?.cleanup();
    for (const server of servers) await server.stop();
  });

  it('clusters the events as news placed in publication order does, whatever order the feeds answer in', { timeout: 120_000 }, async () => {
    const api = apiClient(app.url, TEST_TOKEN);
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>desk</title></head><body>${servers
      .map((server, n) => `<outline type="rss" text="${outlets[n]!.replace(/&/g, '&amp;')}" xmlUrl="${server.url}/feed.xml"/>`)
      .join('')}</body></opml>`;
    const imported = await fetch(`${app.url}/api/v1/feeds/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'text/xml' },
      body: opml,
    });
    expect(await imported.json()).toMatchObject({ total: 72, added: 72 });

    const stories = await eventually(
      async () => {
        const listed = await allStories(api);
        return listed.length === items.length ? listed : null;
      },
      90_000,
      `${items.length} stories`,
    );
    const clusterOfUrl = new Map(stories.map((s) => [s.url, String(s.clusterId)]));
    const clusterOf = new Map(items.map((i) => [i.id, clusterOfUrl.get(i.url)!]));
    const scores = pairwiseScores(items, clusterOf);
    const { falseMerges } = listClusterErrors(items, clusterOf, 3);
    console.log(
      [
        `first import, 72 feeds, feed order 35: ${new Set(clusterOf.values()).size} clusters; pairwise P ${scores.precision.toFixed(3)} R ${scores.recall.toFixed(3)}`,
        ...falseMerges.map((m) => `  merged: ${m.pairs} pairs ${m.events.join(' + ')}`),
      ].join('\n'),
    );
    expect(scores.precision).toBeGreaterThanOrEqual(0.97);
    expect(scores.recall).toBeGreaterThanOrEqual(0.89);

    // The stories matched once placed, and the process's metrics count them then.
    const matched = stories.filter((s) => s.matches.length > 0).length;
    expect(matched).toBeGreaterThan(0);
    const metrics = await (await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } })).text();
    expect(Number(/^newswatch_stories_matched_total (\d+)/m.exec(metrics)?.[1])).toBe(matched);
  });
});

/** Every story the API lists, page after page. */
async function allStories(api: ReturnType<typeof apiClient>): Promise<ListedStory[]> {
  const stories: ListedStory[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: ListedStory[]; nextCursor?: string } = (await api.get(`/stories?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`))
      .body;
    stories.push(...page.items);
    cursor = page.nextCursor ?? null;
  } while (cursor);
  return stories;
}
