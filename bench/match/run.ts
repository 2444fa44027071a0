/**
 * bench/match: stories per second for 10, 100, 1,000 and 10,000 watches on generated ~3 KB
 * news stories, with the WatchIndex and with a naive baseline that evaluates each query on
 * its own. One JSON line per figure. Run: npx tsx bench/match/run.ts
 */
import { compileQuery, WatchIndex } from '@newswatch/match';

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

const COMMON = 'the of and to in a is that for on was with he it as at by from his an were are which this be has had not but its have they been their after who more one will would two than other new about over into also year said some could may first last people government officials minister president state country week month told reporters statement thursday monday tuesday wednesday friday weekend capital border talks meeting report security military economic foreign defence policy election vote parliament court police city region international agency news sources according'.split(' ');
const NAMES = ['Kim Jong Un', 'Vladimir Putin', 'Xi Jinping', 'Joe Biden', 'Yoon Suk Yeol', 'Sergei Shoigu', 'Dmitry Peskov', 'Antonio Guterres', 'Volodymyr Zelensky', 'Emmanuel Macron', 'Olaf Scholz', 'Fumio Kishida', 'Narendra Modi', 'Recep Tayyip Erdogan', 'Benjamin Netanyahu'];
const PLACES = ['Pyongyang', 'Moscow', 'Seoul', 'Beijing', 'Washington', 'Kyiv', 'Vladivostok', 'Tokyo', 'Brussels', 'Geneva', 'Tehran', 'Jerusalem', 'Gaza', 'Taipei', 'Manila', 'Ankara', 'Berlin', 'Paris', 'London', 'New Delhi'];
const TOPICS = ['sanctions', 'missiles', 'weapons', 'arms', 'transfer', 'sale', 'supply', 'shipment', 'resolution', 'Security Council', 'nuclear', 'satellite', 'submarine', 'artillery', 'ammunition', 'drone', 'ceasefire', 'tariffs', 'inflation', 'elections', 'protests', 'earthquake', 'floods', 'vaccine', 'semiconductors', 'oil', 'gas', 'pipeline', 'grain', 'refugees', 'cyberattack', 'espionage', 'summit', 'treaty', 'alliance', 'exercise', 'launch', 'test', 'embargo', 'smuggling'];

/**
 * Entities (people, organisations, places) are what watches look for. Generated names from
 * syllables give a large vocabulary; stories mention them with a Zipf-like skew, so a few are
 * in the news everywhere and most are rare — as in a real wire.
 */
const SYLLABLES = ['ka', 'ro', 'mi', 'len', 'dor', 'va', 'shi', 'tan', 'bel', 'qu', 'zar', 'ni', 'os', 'tre', 'lu', 'gan', 'pe', 'rik', 'so', 'mal', 'ber', 'cho', 'dim', 'fa', 'gor', 'hu', 'jin', 'kov', 'lam', 'mun', 'nez', 'pol', 'ras', 'sev', 'tur', 'wen'];
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

function measure(run: (doc: (typeof stories)[number]) => number, budgetMs: number): { storiesPerSecond: number; matchesPerStory: number } {
  let done = 0;
  let matched = 0;
  const started = performance.now();
  while (performance.now() - started < budgetMs) {
    matched += run(stories[done % stories.length]!);
    done++;
  }
  const seconds = (performance.now() - started) / 1000;
  return { storiesPerSecond: Math.round(done / seconds), matchesPerStory: Number((matched / done).toFixed(2)) };
}

console.log(JSON.stringify({ bench: 'match', figure: 'story_bytes_avg', value: averageBytes }));
for (const count of [10, 100, 1000, 10_000]) {
  const watches = Array.from({ length: count }, (_, i) => ({ id: i, query: watchQuery(i) }));
  const compileStarted = performance.now();
  const index = new WatchIndex(watches);
  if (index.errors.length) throw new Error(`bench query did not compile: ${watches.find((w) => w.id === index.errors[0]!.watchId)!.query} — ${index.errors[0]!.error.message}`);
  const compileMs = Math.round(performance.now() - compileStarted);
  for (let i = 0; i < 200; i++) index.matchAll(stories[i]!);
  const indexed = measure((doc) => index.matchAll(doc).length, 3000);
  const queries = watches.map((w) => compileQuery(w.query));
  const naive = measure((doc) => queries.filter((q) => q.match(doc)).length, count >= 1000 ? 6000 : 3000);
  console.log(JSON.stringify({ bench: 'match', watches: count, figure: 'index_stories_per_s', value: indexed.storiesPerSecond, matches_per_story: indexed.matchesPerStory, compile_ms: compileMs }));
  console.log(JSON.stringify({ bench: 'match', watches: count, figure: 'naive_stories_per_s', value: naive.storiesPerSecond, matches_per_story: naive.matchesPerStory }));
}
