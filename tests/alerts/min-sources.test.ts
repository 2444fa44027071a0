import { describe, expect, it } from 'vitest';
import { createWatch, type Feed } from '@newswatch/db';
import { canonicalizeUrl, type NormalizedItem } from '@newswatch/ingest';
import { testBackends } from '../support/databases';
import { createInstantWebhookRule } from '../support/instant-rule';
import { outletsOnFreshDatabase } from '../support/outlet-store';

/**
 * Each test's event has a lede of its own: three contracts sharing one lede word for word would
 * be one wire story under three headlines to a reader, and to the event clustering.
 */
const LEDES: Record<string, string> = {
  q: 'The energy ministry said on Friday it had signed a three-year contract for quellium supplies with Nordvik Metals, worth 40 million euros.',
  m: 'Morvanite producer Kestrel Mining won a five-year order to ship 12,000 tonnes of ore a year to Hanseong Steel, the company said on Tuesday.',
  t: 'The navy ordered tessaline hull coatings for 14 frigates from Baekdu Marine under a contract worth $90 million, officials said on Wednesday.',
};

function item(key: string, url: string, title: string): NormalizedItem {
  const lede = LEDES[key[0]!]!;
  return {
    dedupeKey: `guid:${key}`,
    guid: key,
    url,
    canonicalUrl: canonicalizeUrl(url),
    title,
    summaryText: lede,
    contentHtml: `<p>${lede}</p>`,
    contentText: lede,
    author: null,
    language: 'en',
    publishedAt: new Date(),
    contentHash: `${key}:${title}`,
  };
}

/**
 * `minSources` counts the outlets (feeds) carrying an event, not its stories: a rule alerts
 * once the event's cluster reaches that many feeds — also when several arrive at once — and
 * never because one feed carried the event twice. Stored as the ingest pipeline stores them.
 */
describe.each(testBackends())('minSources on %s', (backend) => {
  const outlets = outletsOnFreshDatabase(backend, ['a', 'b', 'c', 'd']);

  /** A watch word of its own, and one instant rule per threshold on its own channel. */
  async function rulesFor(word: string, thresholds: number[]) {
    const watch = await createWatch(outlets.db, { name: word, query: word });
    const rules = [];
    for (const min of thresholds) rules.push(await createInstantWebhookRule(outlets.db, watch.id, `${word} ${min}`, min));
    return rules;
  }
  const alertsOf = async (ruleId: number) =>
    (await outlets.db.selectFrom('deliveries').select(['cluster_id', 'payload']).where('rule_id', '=', ruleId).execute()).map((d) => ({
      clusterId: d.cluster_id,
      sourcesCount: (d.payload as { story: { sourcesCount: number } }).story.sourcesCount,
    }));
  const { store } = outlets;

  it('does not count a second story of the same feed as a second outlet', async () => {
    const [a] = outlets.feeds as [Feed];
    const [two] = await rulesFor('quellium', [2]);
    await store([{ feed: a, items: [item('q1', 'https://outlet-a.example/quellium', 'Quellium contract signed')] }]);
    // The same feed carries the event again: an update under a new guid, the same article by URL.
    await store([{ feed: a, items: [item('q2', 'https://outlet-a.example/quellium?utm_source=rss', 'Quellium contract signed, ministry says')] }]);
    expect(await alertsOf(two!.id)).toEqual([]);
  });

  it('alerts once a second feed carries the event, with the outlets counted', async () => {
    const [a, b] = outlets.feeds as [Feed, Feed];
    const [two, three] = await rulesFor('morvanite', [2, 3]);
    await store([{ feed: a, items: [item('m1', 'https://outlet-a.example/morvanite', 'Morvanite contract signed')] }]);
    await store([{ feed: a, items: [item('m2', 'https://outlet-a.example/morvanite?utm_medium=social', 'Morvanite contract signed, ministry says')] }]);
    expect(await alertsOf(two!.id)).toEqual([]);
    // Another outlet, under a headline without the watch word: the event's match still counts.
    await store([{ feed: b, items: [item('m3', 'https://outlet-a.example/morvanite?utm_source=b', 'Supply contract signed')] }]);
    expect(await alertsOf(two!.id)).toEqual([{ clusterId: expect.any(Number), sourcesCount: 2 }]);
    expect(await alertsOf(three!.id)).toEqual([]);
  });

  it('alerts rules of every threshold passed when several outlets arrive in one batch', async () => {
    const [a, b, c, d] = outlets.feeds as [Feed, Feed, Feed, Feed];
    const [two, three, four] = await rulesFor('tessaline', [2, 3, 4]);
    await store([{ feed: a, items: [item('t1', 'https://outlet-a.example/tessaline', 'Tessaline contract signed')] }]);
    // Two more outlets stored together: the count goes from one to three at once.
    await store([
      { feed: b, items: [item('t2', 'https://outlet-a.example/tessaline?utm_source=b', 'Supply contract signed')] },
      { feed: c, items: [item('t3', 'https://outlet-a.example/tessaline?utm_source=c', 'Three-year supply deal')] },
    ]);
    expect(await alertsOf(two!.id)).toEqual([{ clusterId: expect.any(Number), sourcesCount: 3 }]);
    expect(await alertsOf(three!.id)).toEqual([{ clusterId: expect.any(Number), sourcesCount: 3 }]);
    expect(await alertsOf(four!.id)).toEqual([]);
    await store([{ feed: d, items: [item('t4', 'https://outlet-a.example/tessaline?utm_source=d', 'Contract signed')] }]);
    expect(await alertsOf(four!.id)).toHaveLength(1);
    expect(await alertsOf(two!.id)).toHaveLength(1);
  });
});
