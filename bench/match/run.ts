/**
 * bench/match: how many ~3 KB news stories per second one core matches against 10, 100,
 * 1,000 and 10,000 watches — with the WatchIndex, and with two baselines that evaluate each
 * query on its own: `naive` (every query reads the story itself) and `prepared` (the story
 * is tokenized once into a PreparedDocument, then every query looks its words up there).
 * One JSON line per figure. Run: npx tsx bench/match/run.ts
 *
 * Rates are per CPU-second of this process (process.cpuUsage), the median of several
 * rounds, so other jobs on a shared machine disturb them less than wall time would;
 * `wall_stories_per_s` is printed alongside. `calibration_ns_per_char` is a bare
 * charCodeAt loop over the same text: divide by it to compare machines. Every run also
 * checks that the index and the naive baseline give the same matches on the same stories.
 */
import { compileQuery, PreparedDocument, WatchIndex } from '@newswatch/match';

function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(2026);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

const COMMON =
  'the of and to in a is that for on was with he it as at by from his an were are which this be has had not but its have they been their after who more one will would two than other new about over into also year said some could may first last people government officials minister president state country week month told reporters statement thursday monday tuesday wednesday friday weekend capital border talks meeting report security military economic foreign defence policy election vote parliament court police city region international agency news sources according'.split(
    ' ',
  );
const NAMES = [
  'Kim Jong Un',
  'Vladimir Putin',
  'Xi Jinping',
  'Joe Biden',
  'Yoon Suk Yeol',
  'Sergei Shoigu',
  'Dmitry Peskov',
  'Antonio Guterres',
  'Volodymyr Zelensky',
  'Emmanuel Macron',
  'Olaf Scholz',
  'Fumio Kishida',
  'Narendra Modi',
  'Recep Tayyip Erdogan',
  'Benjamin Netanyahu',
];
const PLACES = [
  'Pyongyang',
  'Moscow',
  'Seoul',
  'Beijing',
  'Washington',
  'Kyiv',
  'Vladivostok',
  'Tokyo',
  'Brussels',
  'Geneva',
  'Tehran',
  'Jerusalem',
  'Gaza',
  'Taipei',
  'Manila',
  'Ankara',
  'Berlin',
  'Paris',
  'London',
  'New Delhi',
];
const TOPICS = [
  'sanctions',
  'missiles',
  'weapons',
  'arms',
  'transfer',
  'sale',
  'supply',
  'shipment',
  'resolution',
  'Security Council',
  'nuclear',
  'satellite',
  'submarine',
  'artillery',
  'ammunition',
  'drone',
  'ceasefire',
  'tariffs',
  'inflation',
  'elections',
  'protests',
  'earthquake',
  'floods',
  'vaccine',
  'semiconductors',
  'oil',
  'gas',
  'pipeline',
  'grain',
  'refugees',
  'cyberattack',
  'espionage',
  'summit',
  'treaty',
  'alliance',
  'exercise',
  'launch',
  'test',
  'embargo',
  'smuggling',
];

/**
 * Entities (people, organisations, places) are what watches look for. Generated names from
 * syllables give a large vocabulary; stories mention them with a Zipf-like skew, so a few are
 * in the news everywhere and most are rare — as in a real wire.
 */
const SYLLABLES = [
  'ka',
  'ro',
  'mi',
  'len',
  'dor',
  'va',
  'shi',
  'tan',
  'bel',
  'qu',
  'zar',
  'ni',
  'os',
  'tre',
  'lu',
  'gan',
  'pe',
  'rik',
  'so',
  'mal',
  'ber',
  'cho',
  'dim',
  'fa',
  'gor',
  'hu',
  'jin',
  'kov',
  'lam',
  'mun',
  'nez',
  'pol',
  'ras',
  'sev',
  'tur',
  'wen',
];
const ENTITIES = Array.from({ length: 4000 }, () => {
  const word = () => {
    const n = 3;
    const w = Array.from({ length: n }, () => pick(SYLLABLES)).join('');
    return w[0]!.toUpperCase() + w.slice(1);
  };
  return rand() < 0.5 ? word() : `${word()} ${word()}`;
});
/** Zipf (s = 1) over entity rank: the first is in the news ~9 times as often as the tenth. */
const ZIPF = (() => {
  const weights = ENTITIES.map((_, rank) => 1 / (rank + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let sum = 0;
  return weights.map((w) => (sum += w / total));
})();
const entity = () => {
  const r = rand();
  let lo = 0;
  let hi = ZIPF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ZIPF[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return ENTITIES[lo]!;
};

function sentence(): string {
  const words: string[] = [];
  const length = 12 + Math.floor(rand() * 14);
  for (let i = 0; i < length; i++) {
    const r = rand();
    words.push(r < 0.03 ? pick(NAMES) : r < 0.06 ? pick(PLACES) : r < 0.12 ? pick(TOPICS) : r < 0.18 ? entity() : pick(COMMON));
  }
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function story() {
  let content = '';
  while (content.length < 2900) content += `${sentence()} `;
  return { title: sentence().slice(0, 90), summary: sentence(), content, source: 'Bench Wire', url: `https://news.example/${Math.floor(rand() * 1e6)}` };
}

/** Watches as analysts write them: each is about some entity, often narrowed by a topic. */
function watchQuery(i: number): string {
  const name = () => `"${ENTITIES[Math.floor(rand() * ENTITIES.length)]}"`;
  const topic = () => (rand() < 0.3 ? `${pick(TOPICS).split(' ')[0]!.slice(0, 5).toLowerCase()}*` : `"${pick(TOPICS)}"`);
  switch (i % 6) {
    case 0:
      return `${name()} ${topic()}`;
    case 1:
      return `(${topic()} OR ${topic()}) NEAR/5 (${name()} OR ${name()})`;
    case 2:
      return `${name()} OR ${name()} NOT ${pick(TOPICS).split(' ')[0]}`;
    case 3:
      return `title:(${name()}) "${pick(PLACES)}"`;
    case 4:
      return `${name()} ONEAR/3 ${topic()} OR ${name()}`;
    default:
      return `(${name()} OR ${name()}) (${pick(TOPICS).split(' ')[0]} OR "${pick(PLACES)}") NOT "${pick(NAMES)}"`;
  }
}

const stories = Array.from({ length: 2000 }, story);
const averageBytes = Math.round(stories.reduce((n, s) => n + s.title.length + s.summary.length + s.content.length, 0) / stories.length);
type Story = (typeof stories)[number];

function print(figure: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench: 'match', ...figure }));
}

/** Median rate over rounds of `perRound` stories: per CPU-second, and per wall second. */
function measure(run: (doc: Story) => number, perRound: number, rounds: number): { cpu: number; wall: number; matchesPerStory: number } {
  const cpuRates: number[] = [];
  const wallRates: number[] = [];
  let matched = 0;
  let done = 0;
  for (let round = 0; round < rounds; round++) {
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    for (let k = 0; k < perRound; k++) matched += run(stories[done++ % stories.length]!);
    const cpu = process.cpuUsage(cpu0);
    cpuRates.push(perRound / ((cpu.user + cpu.system) / 1e6));
    wallRates.push(perRound / ((performance.now() - wall0) / 1000));
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!;
  return { cpu: Math.round(median(cpuRates)), wall: Math.round(median(wallRates)), matchesPerStory: Number((matched / done).toFixed(2)) };
}

function calibrate(): number {
  const text = stories[0]!.content;
  let sink = 0;
  const loop = () => {
    for (let i = 0; i < text.length; i++) sink += text.charCodeAt(i);
  };
  for (let k = 0; k < 2000; k++) loop();
  const rates: number[] = [];
  for (let round = 0; round < 9; round++) {
    const cpu0 = process.cpuUsage();
    for (let k = 0; k < 500; k++) loop();
    const cpu = process.cpuUsage(cpu0);
    rates.push(((cpu.user + cpu.system) * 1000) / (500 * text.length));
  }
  if (sink === 0) throw new Error('unreachable');
  return Number(rates.sort((a, b) => a - b)[4]!.toFixed(2));
}

print({ figure: 'story_bytes_avg', value: averageBytes });
print({ figure: 'calibration_ns_per_char', value: calibrate() });
for (const count of [10, 100, 1000, 10_000]) {
  const watches = Array.from({ length: count }, (_, i) => ({ id: i, query: watchQuery(i) }));
  const compileStarted = performance.now();
  const index = new WatchIndex(watches);
  const compileMs = Math.round(performance.now() - compileStarted);
  if (index.errors.length) throw new Error(`bench query did not compile: ${index.errors[0]!.query} — ${index.errors[0]!.error.message}`);
  const queries = watches.map((w) => compileQuery(w.query));

  // The same answers both ways, on the same stories, before anything is timed.
  const checked = count >= 10_000 ? 5 : count >= 1000 ? 30 : 200;
  for (let i = 0; i < checked; i++) {
    const doc = stories[i]!;
    const viaIndex = index.matchAll(doc).map((hit) => hit.watchId);
    const viaQueries = watches.filter((_, q) => queries[q]!.match(doc)).map((w) => w.id);
    if (JSON.stringify(viaIndex) !== JSON.stringify(viaQueries)) throw new Error(`index and naive disagree on story ${i} with ${count} watches`);
  }

  // A running index has seen stories: let the prefilter learn word frequencies first.
  for (let i = 0; i < 1000; i++) index.matchAll(stories[i]!);
  const before = index.stats;
  const indexed = measure((doc) => index.matchAll(doc).length, count >= 10_000 ? 200 : 1000, 7);
  const after = index.stats;
  print({
    watches: count,
    figure: 'index_stories_per_s',
    value: indexed.cpu,
    wall_stories_per_s: indexed.wall,
    matches_per_story: indexed.matchesPerStory,
    evaluated_per_story: Number(((after.evaluated - before.evaluated) / (after.stories - before.stories)).toFixed(1)),
    compile_ms: compileMs,
  });

  const baselineStories = Math.max(2, Math.round(20_000 / count));
  const naive = measure((doc) => queries.filter((q) => q.match(doc)).length, baselineStories, 3);
  print({ watches: count, figure: 'naive_stories_per_s', value: naive.cpu, wall_stories_per_s: naive.wall, matches_per_story: naive.matchesPerStory });
  const prepared = measure(
    (doc) => {
      const once = new PreparedDocument(doc);
      return queries.filter((q) => q.match(once)).length;
    },
    baselineStories,
    3,
  );
  print({
    watches: count,
    figure: 'prepared_stories_per_s',
    value: prepared.cpu,
    wall_stories_per_s: prepared.wall,
    matches_per_story: prepared.matchesPerStory,
  });
}
