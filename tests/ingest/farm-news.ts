/**
 * News-like text for the feed farm: a Zipf vocabulary of made-up words, and for every item
 * number a set of events that many feeds carry in rewritten copies, as outlets carry one wire
 * story. Everything is a function of the feed's name and the item number (seeded hashes), so
 * the farm renders the same news every run and a test can know which event a story is of.
 */

/** Events of one item number (all feeds' item i share a publication time: one news slot). */
export const EVENTS_PER_ITEM = 40;
/** Share of stories that are a copy of one of their slot's events; the rest are news of their own. */
export const COPY_SHARE = 0.4;

/**
 * Ranks 1–20,000 are the common words; 20,001–40,000 the names of events, one pair per event;
 * the next million the names in stories of their own. News names people and places by the
 * million: with the 20,000 names of a 60,000-word vocabulary, a first poll's 60,000 stories of
 * their own shared headline names by chance, and the clustering rightly joined them (pairwise
 * precision 0.947 at 300 feeds, and falling with more).
 */
const COMMON_WORDS = 20_000;
const EVENT_NAMES = 20_000;
const OWN_NAMES = 1_000_000;
/**
 * Zipf–Mandelbrot offset: the common words are drawn ∝ 1/(rank + 30), not 1/rank. Real text's
 * head — "the", "of", "said" — is stop words that the clustering drops; with a pure 1/rank
 * the farm's rank-1 word stood in for "the" in two headlines of five, and the first stories of
 * an empty archive (every word as rare as any other) clustered on it.
 */
const ZIPF_OFFSET = 30;
const TITLE_WORDS = 6;
const DESCRIPTION_WORDS = 16;
/** Title words a copy words its own way, out of the six that are not names. */
const TITLE_WORDS_REWRITTEN = 2;
/** Share of description words a copy replaces with its own. */
const DESCRIPTION_REWRITE_SHARE = 0.25;
/** Share of copies that move the title's words around ("Strike hits X" / "X hit by strike"). */
const TITLE_REORDER_SHARE = 0.5;
/** Share of copies whose headline names one of the event's two names, not both. */
const TITLE_ONE_NAME_SHARE = 0.3;

/** Two letters each, so a word's syllables decode one way only: the word of a rank is unique. */
const SYLLABLES = 'ka lo mi nu pe ra si to vu ze ba de fi go hu ja ke li mo ni po qu re sa ti vo wa xe yo zu'.split(' ');

/** A made-up word for a rank: the rank in base 30, one syllable a digit, at least two syllables. */
export function wordOfRank(rank: number): string {
  let word = '';
  let rest = rank;
  for (let digits = 0; digits < 2 || rest > 0; digits++) {
    word = SYLLABLES[rest % SYLLABLES.length]! + word;
    rest = Math.floor(rest / SYLLABLES.length);
  }
  return word;
}

/** Cumulative Zipf (exponent 1) weights of the common words' ranks. */
const ZIPF_CDF = (() => {
  const cdf = new Float64Array(COMMON_WORDS);
  let total = 0;
  for (let r = 1; r <= COMMON_WORDS; r++) {
    total += 1 / (r + ZIPF_OFFSET);
    cdf[r - 1] = total;
  }
  return cdf;
})();

/** The rank whose cumulative weight first reaches `weight` (binary search). */
function rankAt(weight: number): number {
  let lo = 0;
  let hi = COMMON_WORDS - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ZIPF_CDF[mid]! < weight) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

type Random = () => number;

/** A PRNG (mulberry32) seeded by the FNV-1a hash of `seed`: no Math.random, the same text every run. */
function seededRandom(seed: string): Random {
  let state = 2166136261;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 16777619) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const commonWord = (random: Random) => wordOfRank(rankAt(random() * ZIPF_CDF[COMMON_WORDS - 1]!));

/**
 * The two names of an event, its own by construction (a multiplicative permutation of the
 * event names' ranks; they repeat only after 250 item numbers): two events sharing a name
 * merged in the clustering, as two real events about one person may, but here by a draw.
 */
function eventNames(item: number, event: number): string[] {
  return [0, 1].map((k) => {
    const index = ((item * EVENTS_PER_ITEM + event) * 2 + k) % EVENT_NAMES;
    return capitalised(wordOfRank(COMMON_WORDS + 1 + ((index * 7919) % EVENT_NAMES)));
  });
}

/** A name of a story of its own: uniform over a million, so two such stories rarely share one. */
const ownName = (random: Random) => capitalised(wordOfRank(COMMON_WORDS + EVENT_NAMES + 1 + Math.floor(random() * OWN_NAMES)));

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A story before rendering: its common words, the names it is about and those its headline gives. */
interface StoryWords {
  title: string[];
  description: string[];
  names: string[];
  titleNames: string[];
}

/** Which event of its slot a feed's item i copies, or null when it is news of its own. */
function eventOf(feed: string, item: number): number | null {
  const random = seededRandom(`event-of/${feed}/${item}`);
  if (random() >= COPY_SHARE) return null;
  return Math.floor(random() * EVENTS_PER_ITEM);
}

function eventWords(item: number, event: number): StoryWords {
  const random = seededRandom(`event/${item}/${event}`);
  const names = eventNames(item, event);
  return {
    title: Array.from({ length: TITLE_WORDS }, () => commonWord(random)),
    description: Array.from({ length: DESCRIPTION_WORDS }, () => commonWord(random)),
    names,
    titleNames: names,
  };
}

/** An outlet's rewrite of an event: a few headline words its own, a quarter of the lede. */
function copyWords(original: StoryWords, random: Random): StoryWords {
  const title = [...original.title];
  const rewritten = new Set<number>();
  while (rewritten.size < TITLE_WORDS_REWRITTEN) rewritten.add(Math.floor(random() * title.length));
  for (const position of rewritten) title[position] = commonWord(random);
  const description = original.description.map((word) => (random() < DESCRIPTION_REWRITE_SHARE ? commonWord(random) : word));
  const { names } = original;
  const titleNames = random() < TITLE_ONE_NAME_SHARE ? [names[Math.floor(random() * names.length)]!] : names;
  return { title, description, names, titleNames };
}

function ownWords(random: Random): StoryWords {
  const names = Array.from({ length: random() < 0.5 ? 1 : 2 }, () => ownName(random));
  return {
    title: Array.from({ length: TITLE_WORDS }, () => commonWord(random)),
    description: Array.from({ length: DESCRIPTION_WORDS }, () => commonWord(random)),
    names,
    titleNames: names,
  };
}

/** Puts names among words: the first after the second word, the second after the fourth. */
function withNames(words: string[], names: string[]): string[] {
  const out = [...words];
  for (const [k, name] of names.entries()) out.splice(2 + k * 3, 0, name);
  return out;
}

function sentence(words: string[]): string {
  return `${capitalised(words.join(' '))}.`;
}

/** One farm story in news mode, and the event it is a copy of (`"<item>/<event>"`) or null. */
export interface NewsStory {
  title: string;
  description: string;
  event: string | null;
}

/**
 * Item `item` of feed `feed` (the feed's path, never its port: the news must not change with
 * the port a run got). A sentence-case headline and a two-sentence lede, each naming the
 * story's names; no serial number or feed address, which the clustering would rightly see as
 * rare words shared by the stories of one feed or one slot.
 */
export function newsStory(feed: string, item: number): NewsStory {
  const event = eventOf(feed, item);
  const random = seededRandom(`story/${feed}/${item}`);
  const words = event === null ? ownWords(random) : copyWords(eventWords(item, event), random);
  let title = withNames(words.title, words.titleNames);
  if (event !== null && random() < TITLE_REORDER_SHARE) {
    const cut = 1 + Math.floor(random() * (title.length - 1));
    title = [...title.slice(cut), ...title.slice(0, cut)];
  }
  const half = DESCRIPTION_WORDS / 2;
  const description = [
    sentence(withNames(words.description.slice(0, half), words.names.slice(0, 1))),
    sentence(withNames(words.description.slice(half), words.names.slice(1))),
  ].join(' ');
  return { title: capitalised(title.join(' ')), description, event: event === null ? null : `${item}/${event}` };
}
