import { describe, expect, it } from 'vitest';
import { loadDevSet, type DevSetItem } from './load-dev-set';
import { listClusterErrors, pairwiseScores, type ClusterKey } from './pairwise-scores';

const items = loadDevSet();
const events = groupBy(items, (item) => item.event);

/** Pairs of events that share names, places or a template headline but are different news (issue 10). */
const HARD_NEGATIVES: { name: string; events: string[]; shared: RegExp }[] = [
  { name: 'two North Korean missile launches four days apart', events: ['nk-missile-launch-dec01', 'nk-missile-launch-dec05'], shared: /ballistic missile/i },
  {
    name: 'Kim Jong Un at a munitions factory vs Kim meeting Putin',
    events: ['kim-visits-munitions-factory', 'kim-putin-summit-vladivostok', 'kim-yo-jong-rejects-family-reunion-talks'],
    shared: /Kim Jong[- ]Un/i,
  },
  { name: 'two Security Council votes on different countries', events: ['unsc-haiti-binuh-vote', 'unsc-libya-inspections-vote'], shared: /Security Council/ },
  {
    name: 'the daily Wall Street close on four days',
    events: ['us-stocks-close-dec01', 'us-stocks-close-dec02', 'us-stocks-close-dec03', 'us-stocks-close-dec04'],
    shared: /S&P 500/,
  },
  { name: 'the daily Seoul close on three days', events: ['kospi-close-nov30', 'kospi-close-dec02', 'kospi-close-dec04'], shared: /Seoul shares|KOSPI/ },
  {
    name: 'three earthquakes, two of them in Japan',
    events: ['quake-japan-iwate-m64', 'quake-indonesia-sulawesi-m59', 'quake-japan-chiba-m50'],
    shared: /quake/i,
  },
  { name: 'two arms deals involving Poland', events: ['poland-k2-tank-contract', 'poland-patriot-sale-approval'], shared: /Poland/ },
  { name: 'Elon Musk in unrelated stories', events: ['tesla-china-sales-november', 'spacex-starship-flight-12'], shared: /Musk/ },
  { name: 'SpaceX launches on consecutive days', events: ['spacex-starlink-launch-dec02', 'spacex-starship-flight-12'], shared: /SpaceX/ },
  {
    name: 'Lee Jae-myung in unrelated stories',
    events: ['nk-missile-launch-dec01', 'korea-2027-budget-passed', 'lee-cabinet-reshuffle'],
    shared: /Lee Jae-myung/,
  },
  { name: 'Zelensky reacting to two different events', events: ['russia-strike-ukraine-energy-dec01', 'kim-putin-summit-vladivostok'], shared: /Zelensk/ },
  {
    name: 'two Russian strikes on Ukraine three days apart',
    events: ['russia-strike-ukraine-energy-dec01', 'russia-drone-strike-odesa-dec04'],
    shared: /Russia/,
  },
  { name: "Delhi's air quality on two days", events: ['delhi-air-quality-dec01', 'delhi-air-quality-dec04'], shared: /AQI/ },
  { name: "one club's two matches in four days", events: ['arsenal-chelsea-nov29', 'arsenal-brentford-dec02'], shared: /Arsenal/ },
  { name: 'two matches of one cricket series', events: ['cricket-india-wi-1st-odi', 'cricket-india-wi-2nd-odi'], shared: /West Indies/ },
  { name: 'Korean economic data on consecutive days', events: ['korea-november-exports', 'korea-november-cpi'], shared: /South Korea/ },
  { name: 'two snowstorms on two continents', events: ['us-winter-storm-midwest', 'seoul-heavy-snow'], shared: /snow/i },
];

describe('clustering dev set: shape (issue 10)', () => {
  it('holds at least 240 items in 45 events from 18 outlets over about six days', () => {
    const outlets = new Set(items.map((item) => item.outlet));
    const days = groupBy(items, (item) => item.publishedAt.slice(0, 10));
    const busyDays = [...days.values()].filter((ofDay) => ofDay.length >= 15);
    console.log(`dev set: ${items.length} items, ${events.size} events, ${outlets.size} outlets, ${days.size} UTC dates (${busyDays.length} with 15+ items)`);
    expect(items.length).toBeGreaterThanOrEqual(240);
    expect(events.size).toBeGreaterThanOrEqual(45);
    expect(outlets.size).toBeGreaterThanOrEqual(18);
    expect(busyDays.length).toBeGreaterThanOrEqual(5);
  });

  it('comes out of the loader in feed order', () => {
    const times = items.map((item) => Date.parse(item.publishedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('has well-formed items', () => {
    for (const item of items) {
      const where = `${item.id} (${item.url})`;
      expect(item.id, where).toMatch(/^[a-z0-9-]+$/);
      expect(item.event, where).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(item.outlet.trim(), where).not.toBe('');
      expect(new URL(item.url).protocol, where).toBe('https:');
      expect(item.title.trim(), where).not.toBe('');
      expect(item.summary.trim(), where).not.toBe('');
      expect(item.summary.length, where).toBeLessThanOrEqual(400);
      expect(item.publishedAt, where).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(new Date(item.publishedAt).toISOString().replace('.000', ''), where).toBe(item.publishedAt);
      if (item.content !== '') expect(wordCount(item.content), where).toSatisfy((n: number) => n >= 60 && n <= 300);
    }
  });

  it('has unique ids and unique URLs, and gives every outlet its own hosts', () => {
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    expect(new Set(items.map((item) => item.url)).size).toBe(items.length);
    const outletsOfHost = groupBy(items, (item) => new URL(item.url).host.replace(/^(www|amp|edition)\./, ''));
    for (const [host, ofHost] of outletsOfHost) expect(new Set(ofHost.map((item) => item.outlet)), host).toHaveLength(1);
  });

  it('marks every AMP or tracking-parameter URL as a variant of another item of the same outlet and event', () => {
    const byId = new Map(items.map((item) => [item.id, item]));
    const variants = items.filter((item) => item.variantOf !== undefined);
    for (const item of items) {
      const original = item.variantOf === undefined ? undefined : byId.get(item.variantOf);
      if (item.variantOf === undefined) {
        expect(hasVariantMarker(item.url), `${item.id} looks like an AMP/tracking URL but has no variantOf`).toBe(false);
        continue;
      }
      expect(original, `${item.id}: variantOf ${item.variantOf} is not an item`).toBeDefined();
      expect(original?.variantOf, `${item.id}: variant of a variant`).toBeUndefined();
      expect(hasVariantMarker(item.url), item.id).toBe(true);
      expect([item.outlet, item.event, item.title, item.publishedAt]).toEqual([original?.outlet, original?.event, original?.title, original?.publishedAt]);
    }
    // Without query and AMP markers, only declared variants may collide with another URL.
    const originals = items.filter((item) => item.variantOf === undefined).map((item) => withoutQuery(item.url));
    expect(new Set(originals).size).toBe(originals.length);
    expect(variants.filter((item) => /amp/i.test(item.url)).length).toBeGreaterThanOrEqual(3);
    expect(variants.filter((item) => /[?&](utm_|fbclid|at_medium)/.test(item.url)).length).toBeGreaterThanOrEqual(2);
  });

  it.each(HARD_NEGATIVES)('holds the hard case: $name', ({ events: labels, shared }) => {
    expect(new Set(labels).size).toBe(labels.length);
    for (const label of labels) {
      const ofEvent = events.get(label);
      expect(ofEvent, `no items labelled ${label}`).toBeDefined();
      expect(
        ofEvent?.some((item) => shared.test(`${item.title} ${item.summary} ${item.content}`)),
        `${label} never mentions ${shared}`,
      ).toBe(true);
    }
  });

  it('mixes wire copies, briefs, reactions, later-day developments and singletons', () => {
    const originals = items.filter((item) => item.variantOf === undefined);
    const wireCopies = items.filter((item) => /\bcopy\b|AFP text/.test(item.notes ?? ''));
    const reactions = items.filter((item) => /same-day reaction/i.test(item.notes ?? ''));
    const briefs = originals.filter((item) => item.content === '');
    const longRunning = [...events.values()].filter((ofEvent) => spanHours(ofEvent) >= 12);
    const singletons = [...events.values()].filter((ofEvent) => ofEvent.length === 1);
    console.log(
      `wire copies ${wireCopies.length}, briefs ${briefs.length}, reactions ${reactions.length}, ` +
        `events spanning 12h+ ${longRunning.length}, singletons ${singletons.length}`,
    );
    expect(wireCopies.length).toBeGreaterThanOrEqual(10);
    expect(briefs.length).toBeGreaterThanOrEqual(originals.length * 0.15);
    expect(briefs.length).toBeLessThanOrEqual(originals.length * 0.5);
    expect(reactions.length).toBeGreaterThanOrEqual(5);
    expect(longRunning.length).toBeGreaterThanOrEqual(5);
    expect(singletons.length).toBeGreaterThanOrEqual(8);
  });
});

describe('pairwiseScores', () => {
  // Events a (3 items) and b (2 items): 3 + 1 = 4 true pairs.
  const hand = [
    { id: 'a1', event: 'a', title: 'A one' },
    { id: 'a2', event: 'a', title: 'A two' },
    { id: 'a3', event: 'a', title: 'A three' },
    { id: 'b1', event: 'b', title: 'B one' },
    { id: 'b2', event: 'b', title: 'B two' },
  ];
  const clustering = (entries: [string, ClusterKey][]) => new Map<string, ClusterKey>(entries);

  it('scores a perfect clustering 1/1/1', () => {
    const scores = pairwiseScores(hand, clustering(hand.map((item) => [item.id, item.event])));
    expect(scores).toEqual({ precision: 1, recall: 1, f1: 1, truePairs: 4, predictedPairs: 4, correctPairs: 4 });
  });

  it('scores everything in one cluster with full recall and the share of true pairs as precision', () => {
    const scores = pairwiseScores(hand, clustering(hand.map((item) => [item.id, 0])));
    expect(scores).toMatchObject({ recall: 1, truePairs: 4, predictedPairs: 10, correctPairs: 4 });
    expect(scores.precision).toBeCloseTo(0.4);
    expect(scores.f1).toBeCloseTo((2 * 0.4) / 1.4);
  });

  it('scores all singletons with precision 1 by convention and recall 0', () => {
    const scores = pairwiseScores(hand, clustering(hand.map((item, index) => [item.id, index])));
    expect(scores).toEqual({ precision: 1, recall: 0, f1: 0, truePairs: 4, predictedPairs: 0, correctPairs: 0 });
  });

  it('counts a partial clustering pair by pair', () => {
    const partial = clustering([
      ['a1', 'x'],
      ['a2', 'x'],
      ['a3', 'y'],
      ['b1', 'y'],
      ['b2', 'y'],
    ]);
    // Predicted pairs: a1-a2 (right), a3-b1, a3-b2 (wrong), b1-b2 (right).
    expect(pairwiseScores(hand, partial)).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, truePairs: 4, predictedPairs: 4, correctPairs: 2 });
    const errors = listClusterErrors(hand, partial);
    expect(errors.falseMerges).toEqual([{ cluster: 'y', events: ['a', 'b'], pairs: 2, titles: ['A three', 'B one'] }]);
    expect(errors.falseSplits).toEqual([{ event: 'a', clusters: ['x', 'y'], pairs: 2, titles: ['A one', 'A three'] }]);
  });

  it('gives recall 1 when no two items share a label', () => {
    const distinct = [
      { id: 'p', event: 'p' },
      { id: 'q', event: 'q' },
    ];
    expect(
      pairwiseScores(
        distinct,
        clustering([
          ['p', 1],
          ['q', 1],
        ]),
      ),
    ).toMatchObject({ precision: 0, recall: 1, f1: 0, truePairs: 0 });
  });

  it('refuses an item without a cluster', () => {
    expect(() => pairwiseScores(hand, clustering([['a1', 1]]))).toThrow(/a2 has no cluster/);
  });

  it('scores the trivial clusterings of the dev set', () => {
    const byLabel = pairwiseScores(items, new Map(items.map((item) => [item.id, item.event])));
    const singletons = pairwiseScores(items, new Map(items.map((item) => [item.id, item.id])));
    const oneCluster = pairwiseScores(items, new Map(items.map((item) => [item.id, 0])));
    console.log(`dev set: ${byLabel.truePairs} true pairs; all-in-one precision ${oneCluster.precision.toFixed(4)}`);
    expect(byLabel).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(singletons).toMatchObject({ precision: 1, recall: 0, predictedPairs: 0 });
    expect(oneCluster.recall).toBe(1);
    expect(oneCluster.precision).toBeLessThan(0.05);
  });
});

function groupBy<T>(values: readonly T[], keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    const group = groups.get(key) ?? [];
    group.push(value);
    groups.set(key, group);
  }
  return groups;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function spanHours(ofEvent: readonly DevSetItem[]): number {
  const times = ofEvent.map((item) => Date.parse(item.publishedAt));
  return (Math.max(...times) - Math.min(...times)) / 3_600_000;
}

// The forms under which one article reappears: AMP pages and links carrying click-tracking parameters.
function hasVariantMarker(url: string): boolean {
  const parsed = new URL(url);
  const ampForm =
    parsed.host.startsWith('amp.') || /\/amp\/|amp_articleshow|-amp\.html$/.test(parsed.pathname) || parsed.searchParams.get('outputType') === 'amp';
  const tracking = [...parsed.searchParams.keys()].some((key) => /^(utm_|at_)|^fbclid$/.test(key));
  return ampForm || tracking;
}

function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
}
