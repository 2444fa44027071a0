/**
 * The terms of a story for clustering: folded words (case, accents and a light English
 * stemming removed), stop words dropped. Names — capitalised words inside a sentence — and
 * numbers say which event a story is about more than common words do ("Vladivostok",
 * "6.4", "Hwasong-16C" against "said", "talks"), so they count more.
 */

import { sharedVocabulary } from './vocabulary';

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

/** A light suffix stripper: "missiles"/"missile", "fired"/"fires"/"firing" meet. */
function stem(word: string): string {
  if (word.length <= 4 || hasDigit(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 6) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('es') && /(?:ch|sh|x|ss)es$/u.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

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
    if (runs && runHasName && new Set(run).size >= 2) runs.push(run);
    run = [];
    runHasName = false;
  };
  // `exec` on the one global pattern: `matchAll` made an iterator result per word besides the match.
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
    const raw = match[0];
    // A sentence ends at . ! ? or a line break between the previous token and this one.
    if (endsSentence(text, last, match.index)) sentenceStart = true;
    // A name goes on only across spaces: "Putin, Xi" are two.
    if (!onlySpaces(text, last, match.index)) closeRun();
    last = match.index + raw.length;
    const atStart = sentenceStart;
    sentenceStart = false;
    if (!isAscii(raw) && NO_SPACE_SCRIPT.test(raw)) {
      closeRun();
      const letters = Array.from(fold(raw));
      for (let i = 0; i + 1 < letters.length; i++) add(into, sharedVocabulary.idOf(`${letters[i]}${letters[i + 1]}`), 1);
      continue;
    }
    const folded = fold(raw);
    const isNumber = hasDigit(folded);
    const capitalised = capitalisedIsName && !isNumber && startsUpperCase(raw);
    // A capitalised stop word ("Un" of Kim Jong Un) leaves the name it is in going.
    if (!capitalised) closeRun();
    if (folded.length < 2 && !isNumber) continue;
    if (STOP_WORDS.has(folded)) continue;
    const isName = capitalised && !atStart;
    const term = isNumber ? folded : stem(folded);
    const id = sharedVocabulary.idOf(term);
    if (capitalised) {
      run.push(id);
      runHasName ||= isName;
    }
    add(into, id, isNumber ? NUMBER_BOOST : isName ? NAME_BOOST : 1);
  }
  closeRun();
  return into;
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
  const words = title.match(/\p{L}+/gu) ?? [];
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return words.length > 0 && capitalised / words.length < 0.6;
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
    const outlet = new Set(countTerms(source, false).keys());
    for (const term of outlet) {
      terms.title.delete(term);
      terms.lede.delete(term);
      terms.body.delete(term);
    }
    terms.nameRuns = nameRuns.map((run) => run.filter((term) => !outlet.has(term))).filter((run) => new Set(run).size >= 2);
  }
  return terms;
}
