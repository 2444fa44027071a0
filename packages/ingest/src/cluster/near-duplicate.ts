/**
 * Near-duplicate detection for clustering: the same article carried by several outlets under
 * different URLs (wire copy, syndication, a site's own mirror) gets one cluster, so it alerts
 * once. A story's fingerprint is a 64-bit SimHash of the distinct words of its title and
 * lede (stop words left out); copies differ by a headline suffix, a changed word or
 * punctuation and land within a few bits of each other, different stories about half the
 * bits apart.
 *
 * The fingerprint is stored as four 16-bit bands (`band index × 65536 + value`). To find
 * candidates without a scan, each story also gets six lookup keys, one per pair of bands
 * (the pair's 32 bits hashed into an integer): two fingerprints within
 * {@link NEAR_DUPLICATE_MAX_BITS} bits leave at least two bands, hence one pair, untouched,
 * so they share a key — and unrelated stories almost never do, even when common words bias
 * single bands (a 16-bit band alone matched thousands of look-alike stories).
 */

/** Fingerprints differing in at most this many of 64 bits are copies of one article. */
export const NEAR_DUPLICATE_MAX_BITS = 2;
/** Words of the summary (or content) taken as the lede. */
const LEDE_WORDS = 40;
/** Fewer distinct words than this say too little to call two stories copies. */
const MIN_FEATURES = 8;
const BANDS = 4;
/** Words whose presence says nothing about which article this is: editors add and drop them. */
const STOP_WORDS = new Set(
  'a an the and or but of to in on at for by with from as is are was were be been has have had it its this that these those his her their he she they we you i said says will would could may might not no de la le les el los las un une des du et en der die das und den dem ein eine'.split(
    ' ',
  ),
);

/** A letter of a script written without spaces: each is a word of its own here. */
const NO_SPACE_SCRIPT = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Thai}]/u;

/** Any character outside ASCII: only such text needs Unicode folding and splitting. */
const NON_ASCII = /[^\x00-\x7f]/;
/** What separates the words of lower-cased ASCII text: anything but a letter or a digit. */
const ASCII_SEPARATORS = /[^a-z0-9]+/;

/** The words of `text`, folded (case, compatibility forms, accents) as every outlet's copy is compared. */
export function words(text: string): string[] {
  return NON_ASCII.test(text) ? unicodeWords(text) : asciiWords(text);
}

/**
 * `unicodeWords` of ASCII text, without its four normalizing copies of the text and Unicode
 * regular expressions: normalization leaves ASCII as it is, its letters and digits are
 * `[a-z0-9]` once lower-cased, and no ASCII letter is of a script written without spaces.
 */
function asciiWords(text: string): string[] {
  const out: string[] = [];
  for (const word of text.toLowerCase().split(ASCII_SEPARATORS)) if (word) out.push(word);
  return out;
}

/** The words of any text: folded, then split at what is neither letter nor digit. */
export function unicodeWords(text: string): string[] {
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
  const out: string[] = [];
  for (const word of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue;
    if (NO_SPACE_SCRIPT.test(word)) out.push(...Array.from(word));
    else out.push(word);
  }
  return out;
}

/**
 * "Kim arrives in Moscow - BBC News", "… | Reuters": outlets append their name to headlines.
 * A short last part after a spaced dash or bar is that name, not the story.
 */
export function withoutOutletSuffix(title: string): string {
  const match = /^(.*\S)\s+[-–—|]\s+([^-–—|]+)$/u.exec(title.trim());
  if (!match) return title;
  return match[2]!.trim().split(/\s+/).length <= 4 && match[1]!.split(/\s+/).length >= 3 ? match[1]! : title;
}

/** FNV-1a over UTF-16 code units, with a seed so two independent 32-bit halves come out. */
function fnv1a(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // A final avalanche: FNV's low bits vary little for short, similar inputs.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  return hash >>> 0;
}

/**
 * The banded fingerprint of a story, or null when its title and lede are too short to
 * compare (a one-word headline would make unrelated stories "copies").
 */
export function nearDuplicateBands(title: string, lede: string): number[] | null {
  const features = new Set<string>();
  // The lede is the start of the text: a full article need not be folded to find its first words.
  const ledeWords = words(lede.slice(0, LEDE_WORDS * 30)).slice(0, LEDE_WORDS);
  for (const word of [...words(withoutOutletSuffix(title)), ...ledeWords]) if (!STOP_WORDS.has(word)) features.add(word);
  if (features.size < MIN_FEATURES) return null;
  // A bit of the fingerprint is set when more than half the features' hashes set it. Counted
  // without branches: random hash bits would mispredict half of 64 branches per feature.
  const setCounts = new Int32Array(64);
  for (const feature of features) {
    const low = fnv1a(feature, 0);
    const high = fnv1a(feature, 0x9e3779b9);
    for (let bit = 0; bit < 32; bit++) {
      setCounts[bit]! += (low >>> bit) & 1;
      setCounts[bit + 32]! += (high >>> bit) & 1;
    }
  }
  const bands: number[] = [];
  for (let band = 0; band < BANDS; band++) {
    let value = 0;
    for (let bit = 0; bit < 16; bit++) if (setCounts[band * 16 + bit]! * 2 > features.size) value |= 1 << bit;
    bands.push(band * 65536 + value);
  }
  return bands;
}

/** Bits in which two banded fingerprints differ (0–64). */
export function nearDuplicateDistance(a: readonly number[], b: readonly number[]): number {
  let bits = 0;
  for (let band = 0; band < BANDS; band++) {
    let x = ((a[band] ?? 0) ^ (b[band] ?? 0)) & 0xffff;
    while (x) {
      x &= x - 1;
      bits++;
    }
  }
  return bits;
}

/** The six lookup keys of a banded fingerprint: one per pair of bands, as a 32-bit integer. */
export function nearDuplicateKeys(bands: readonly number[]): number[] {
  const keys: number[] = [];
  let pair = 0;
  for (let i = 0; i < BANDS; i++) {
    for (let j = i + 1; j < BANDS; j++) {
      const joined = (((bands[i]! & 0xffff) << 16) | (bands[j]! & 0xffff)) >>> 0;
      let key = Math.imul(joined ^ Math.imul(pair + 1, 0x9e3779b9), 0x85ebca6b);
      key ^= key >>> 13;
      keys.push(Math.imul(key, 0xc2b2ae35) | 0);
      pair++;
    }
  }
  return keys;
}
