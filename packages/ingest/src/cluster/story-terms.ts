/**
 * The terms of a story for clustering: folded words (case, accents and a light English
 * stemming removed), stop words dropped. Names — capitalised words inside a sentence — and
 * numbers say which event a story is about more than common words do ("Vladivostok",
 * "6.4", "Hwasong-16C" against "said", "talks"), so they count more.
 */

import { sharedVocabulary, termNumberOfChars } from './vocabulary';

/** Extra weight of a name (a capitalised word that does not start a sentence). */
export const NAME_BOOST = 2;
/** Extra weight of a number ("6.4", "2814", "16c"). */
export const NUMBER_BOOST = 1.5;

/**
 * A term (its number, vocabulary.ts) and how much it counts in one field: occurrences × boost.
 * Numbered once here, so weighting, counting and storing never hash or keep a term's text.
 */
export type TermCounts = Map<number, number>;

/**
 * The terms of one multi-word name ("Kim Jong Un" → kim, jong; "Security Council"): consecutive
 * capitalised words, at least one of them a name. Its words are one piece of evidence, not
 * several (cluster-similarity.ts).
 */
export type NameRun = number[];

const STOP_WORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours out over own same she should so some such than that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours ' +
    'said says say told according new one two three first last year years week day days monday tuesday wednesday thursday friday saturday sunday ' +
    'mr ms mrs de la le les el los las un une des du et en der die das und den dem ein eine s t'
  ).split(' '),
);

/** A letter of a script written without spaces: there, pairs of letters stand for words. */
const NO_SPACE_SCRIPT = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Thai}]/u;
const TOKEN = /\p{N}+(?:[.,:/]\p{N}+)*\p{L}*|[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)?/gu;

function fold(word: string): string {
  // Most words are plain ASCII: lowercasing is all the folding they need.
  if (/^[a-zA-Z0-9]+$/.test(word)) return word.toLowerCase();
  return word
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/['’]s$/u, '')
    .replace(/['’]/gu, '');
}

/**
 * The folded word being read, and then its term: a buffer, so a plain ASCII word (nearly every
 * word of English news) makes no string. Every story of a poll cycle is split, and a match
 * array and a string or two per word were a gigabyte and a half per 100,000 stories.
 */
let chars = new Uint16Array(256);
let length = 0;
/** Whether the word {@link readAsciiWord} read holds a digit. */
let wordHasDigit = false;

/**
 * Counts the terms of one text. `capitalisedIsName`: whether a capital letter inside a sentence
 * marks a name — true for ledes and bodies, false for Title Case headlines. The text's
 * multi-word names go to `runs`, when given.
 */
export function countTerms(text: string, capitalisedIsName: boolean, into: TermCounts = new Map(), runs?: NameRun[]): TermCounts {
  let sentenceStart = true;
  let last = 0;
  let run: NameRun = [];
  let runHasName = false;
  const closeRun = () => {
    if (run.length === 0) return;
    if (runs && runHasName && new Set(run).size >= 2) {
      runs.push(run);
      run = [];
    } else run.length = 0;
    runHasName = false;
  };
  let at = 0;
  while (at < text.length) {
    at = skipAsciiSeparators(text, at);
    if (at === text.length) break;
    let start = at;
    let end = readAsciiWord(text, at);
    let raw: string | null = null;
    if (end < 0) {
      // A word with other letters, or a stretch of other characters: the pattern reads it.
      TOKEN.lastIndex = at;
      const match = TOKEN.exec(text);
      if (match === null) break;
      raw = match[0];
      start = match.index;
      end = start + raw.length;
    }
    at = end;
    // A sentence ends at . ! ? or a line break between the previous token and this one.
    if (endsSentence(text, last, start)) sentenceStart = true;
    // A name goes on only across spaces: "Putin, Xi" are two.
    if (!onlySpaces(text, last, start)) closeRun();
    last = end;
    const atStart = sentenceStart;
    sentenceStart = false;
    if (raw !== null && !isAscii(raw) && NO_SPACE_SCRIPT.test(raw)) {
      closeRun();
      const letters = Array.from(fold(raw));
      for (let i = 0; i + 1 < letters.length; i++) add(into, sharedVocabulary.idOf(`${letters[i]}${letters[i + 1]}`), 1);
      continue;
    }
    let isNumber = wordHasDigit;
    if (raw !== null) {
      const folded = fold(raw);
      isNumber = hasDigit(folded);
      hold(folded);
    }
    const capitalised = capitalisedIsName && !isNumber && startsUpperCase(raw ?? text[start]!);
    // A capitalised stop word ("Un" of Kim Jong Un) leaves the name it is in going.
    if (!capitalised) closeRun();
    if (length < 2 && !isNumber) continue;
    if (isStopWord()) continue;
    const isName = capitalised && !atStart;
    if (!isNumber) stemHeld();
    const id = sharedVocabulary.idOfChars(chars, length);
    if (capitalised) {
      run.push(id);
      runHasName ||= isName;
    }
    add(into, id, isNumber ? NUMBER_BOOST : isName ? NAME_BOOST : 1);
  }
  closeRun();
  return into;
}

/** The first position from `at` that is not an ASCII character outside words. */
function skipAsciiSeparators(text: string, at: number): number {
  while (at < text.length) {
    const c = text.charCodeAt(at);
    if (c > 0x7f || isAsciiLetter(c) || isAsciiDigit(c)) return at;
    at++;
  }
  return at;
}

/**
 * Reads the word at `start` as {@link TOKEN} would, when it is plain ASCII: folded into the
 * buffer, its end returned. Returns -1 when a character past 0x7f touches it (an accent, an
 * other script, a typographic apostrophe), which the pattern reads instead.
 */
function readAsciiWord(text: string, start: number): number {
  length = 0;
  wordHasDigit = false;
  let i = start;
  if (isAsciiDigit(text.charCodeAt(i))) {
    // A figure: digits, groups after . , : or /, then letters ("6.4", "12:30", "16C").
    wordHasDigit = true;
    for (;;) {
      i = readAsciiRun(text, i, isAsciiDigit);
      if (i < 0 || i === text.length) return i;
      const c = text.charCodeAt(i);
      if (c !== 0x2e && c !== 0x2c && c !== 0x3a && c !== 0x2f) break;
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next > 0x7f) return -1;
      if (!isAsciiDigit(next)) break;
      push(c);
      i++;
    }
    return readAsciiRun(text, i, isAsciiLetter);
  }
  i = readAsciiRun(text, i, isAsciiAlphanumeric);
  if (i < 0 || i === text.length || text.charCodeAt(i) !== 0x27) return i;
  // An apostrophe and letters end the word ("don't"); folding drops the apostrophe, and a final "'s".
  const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
  if (next > 0x7f) return -1;
  if (!isAsciiLetter(next)) return i;
  const before = length;
  const end = readAsciiRun(text, i + 1, isAsciiLetter);
  if (end >= 0 && length === before + 1 && chars[before] === 0x73) length = before;
  return end;
}

/** Reads characters `accepts` takes into the buffer, lowercased; returns where they end, or -1 at a character past 0x7f. */
function readAsciiRun(text: string, from: number, accepts: (c: number) => boolean): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return -1;
    if (!accepts(c)) break;
    if (isAsciiDigit(c)) wordHasDigit = true;
    push(c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
  }
  return i;
}

function push(c: number): void {
  if (length === chars.length) {
    const grown = new Uint16Array(chars.length * 2);
    grown.set(chars);
    chars = grown;
  }
  chars[length++] = c;
}

/** Puts a word folded by {@link fold} in the buffer. */
function hold(word: string): void {
  length = 0;
  for (let i = 0; i < word.length; i++) push(word.charCodeAt(i));
}

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function isAsciiAlphanumeric(c: number): boolean {
  return isAsciiLetter(c) || isAsciiDigit(c);
}

/** Stop words by the number of their text, to look the buffer up without a string. */
const STOP_WORD_IDS = new Map([...STOP_WORDS].map((word) => [sharedVocabulary.idOf(word), word]));

function isStopWord(): boolean {
  const word = STOP_WORD_IDS.get(termNumberOfChars(chars, length));
  if (word === undefined || word.length !== length) return false;
  for (let i = 0; i < length; i++) if (word.charCodeAt(i) !== chars[i]) return false;
  return true;
}

/** A light suffix stripper on the buffer: "missiles"/"missile", "launched"/"launches"/"launching" meet. */
function stemHeld(): void {
  if (length <= 4) return;
  if (heldEndsWith('ies')) {
    length -= 2;
    chars[length - 1] = 0x79;
  } else if (heldEndsWith('sses')) length -= 2;
  else if (heldEndsWith('ing') && length > 6) length -= 3;
  else if (heldEndsWith('ed') && length > 5) length -= 2;
  else if (heldEndsWith('ches') || heldEndsWith('shes') || heldEndsWith('xes')) length -= 2;
  else if (heldEndsWith('s') && !heldEndsWith('ss') && !heldEndsWith('us') && !heldEndsWith('is')) length -= 1;
}

function heldEndsWith(suffix: string): boolean {
  if (length < suffix.length) return false;
  for (let i = 0; i < suffix.length; i++) if (chars[length - suffix.length + i] !== suffix.charCodeAt(i)) return false;
  return true;
}

/** Whether `text` between `from` and `to` is only spaces (or nothing). */
function onlySpaces(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0xa0 && c !== 0x09) return false;
  }
  return true;
}

/** Whether `text` between `from` and `to` holds . ! ? : or a line break (a loop: a slice per word cost more). */
function endsSentence(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3a || c === 0x0a) return true;
  }
  return false;
}

function isAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** `/\p{N}/u.test(word)`, without the regular expression for ASCII words. */
function hasDigit(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) return true;
    if (c > 0x7f) return /\p{N}/u.test(word);
  }
  return false;
}

/** `/^\p{Lu}/u.test(word)`, without the regular expression for ASCII words. */
function startsUpperCase(word: string): boolean {
  const c = word.charCodeAt(0);
  if (c <= 0x7f) return c >= 0x41 && c <= 0x5a;
  return /^\p{Lu}/u.test(word);
}

function add(counts: TermCounts, term: number, weight: number): void {
  counts.set(term, (counts.get(term) ?? 0) + weight);
}

/** The terms of a story's three fields, and the multi-word names in them. */
export interface StoryTerms {
  title: TermCounts;
  lede: TermCounts;
  body: TermCounts;
  nameRuns: NameRun[];
}

/** Calls `visit` once for each term of the story, whichever fields hold it (without a set per story). */
export function forEachDistinctTerm(terms: StoryTerms, visit: (term: number) => void): void {
  for (const term of terms.title.keys()) visit(term);
  for (const term of terms.lede.keys()) if (!terms.title.has(term)) visit(term);
  for (const term of terms.body.keys()) if (!terms.title.has(term) && !terms.lede.has(term)) visit(term);
}

/**
 * A headline is Title Case ("Kim Jong Un Arrives In Russia") or sentence case; only in the
 * latter does a capital inside it mark a name.
 */
function isSentenceCase(title: string): boolean {
  let words = 0;
  let capitalised = 0;
  WORD.lastIndex = 0;
  for (let match = WORD.exec(title); match !== null; match = WORD.exec(title)) {
    words++;
    if (startsUpperCase(match[0])) capitalised++;
  }
  return words > 0 && capitalised / words < 0.6;
}

/** A run of letters: a word of a headline, for its case. */
const WORD = /\p{L}+/gu;

/** The terms of feed titles, by title: every story of a feed leaves out the same ones. */
let outletTermsByTitle = new Map<string, Set<number>>();
const OUTLET_TITLES_KEPT = 20_000;

function outletTerms(source: string): Set<number> {
  let terms = outletTermsByTitle.get(source);
  if (terms === undefined) {
    if (outletTermsByTitle.size >= OUTLET_TITLES_KEPT) outletTermsByTitle = new Map();
    terms = new Set(countTerms(source.slice(0, FIELD_CHARS_READ), false).keys());
    outletTermsByTitle.set(source, terms);
  }
  return terms;
}

/**
 * How much of each field is read for its terms: an event shows in its first paragraphs, and a
 * hostile or runaway field (megabytes of distinct words) would otherwise cost hundreds of
 * milliseconds and a term-count row per word. About 3,000 words; the dev set's longest body is
 * 300.
 */
export const FIELD_CHARS_READ = 20_000;

/**
 * Splits and counts a story's title, lede (summary) and body (content, without the lede when it
 * repeats it). The words of `source`, the feed's own title, are left out: an outlet's name in
 * its headlines (" - BBC News", a site's code) or datelines ("(Yonhap)") is in all its
 * stories and tells which outlet, not which event; on a first poll, when nothing says it is
 * common yet, it would make one site's stories look like one event.
 */
export function storyTerms(title: string, lede: string, body: string, source: string | null = null): StoryTerms {
  const bodyText = (body.startsWith(lede.slice(0, 80)) ? body.slice(lede.length) : body).slice(0, FIELD_CHARS_READ);
  const nameRuns: NameRun[] = [];
  const terms = {
    title: countTerms(title.slice(0, FIELD_CHARS_READ), isSentenceCase(title), new Map(), nameRuns),
    lede: countTerms(lede.slice(0, FIELD_CHARS_READ), true, new Map(), nameRuns),
    body: countTerms(bodyText, true, new Map(), nameRuns),
    nameRuns,
  };
  if (source) {
    const outlet = outletTerms(source);
    for (const term of outlet) {
      terms.title.delete(term);
      terms.lede.delete(term);
      terms.body.delete(term);
    }
    terms.nameRuns = nameRuns.map((run) => run.filter((term) => !outlet.has(term))).filter((run) => new Set(run).size >= 2);
  }
  return terms;
}
