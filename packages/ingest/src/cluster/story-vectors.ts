import type { NameRun, StoryTerms, TermCounts } from './story-terms';
import { inverseDocumentFrequency, type DocumentFrequencies } from './term-weighting';
import { TermVector } from './term-vector';

/**
 * A story as unit-length TF-IDF vectors: its headline, and its whole text (headline ×2,
 * lede ×1.5, body ×1: briefs have no body, a rewrite has its own headline — the whole text is
 * what two stories of one event share most surely). The score reads nothing else
 * (cluster-similarity.ts); separate lede and body vectors cost a third of the analysis.
 */
export interface StoryVectors {
  title: TermVector;
  text: TermVector;
  /** The multi-word names' terms (ids, ascending) and, aligned, which name each is in: one piece of evidence per name. */
  nameTermIds: Int32Array;
  nameOfTerm: Int32Array;
}

/** Field weights in the whole text: the headline and lede say what the story is about; the body also says what it recalls. */
const FIELD_WEIGHTS = { title: 2, lede: 1.5, body: 1 } as const;

/** Sublinear TF (a word said ten times is not ten times the topic). */
const tf = (count: number) => 1 + Math.log(count);

/**
 * The unit vector of `fields` (their counts, each scaled by its factor) weighted by IDF, built
 * straight into typed arrays: one map per field already holds the counts, and more maps per
 * story (IDF, weights) were a large share of a poll cycle's garbage.
 */
function weightedVector(fields: readonly (readonly [TermCounts, number])[], frequencies: DocumentFrequencies): TermVector {
  let total = 0;
  for (const [counts] of fields) total += counts.size;
  const all = new Int32Array(total);
  let n = 0;
  for (const [counts] of fields) for (const term of counts.keys()) all[n++] = term;
  all.sort();
  let size = 0;
  for (let i = 0; i < total; i++) if (i === 0 || all[i] !== all[i - 1]) all[size++] = all[i]!;
  const ids = all.slice(0, size);
  const weights = new Float64Array(size);
  let squares = 0;
  for (let i = 0; i < size; i++) {
    const term = ids[i]!;
    let weight = 0;
    for (const [counts, factor] of fields) {
      const count = counts.get(term);
      if (count !== undefined) weight += factor * tf(count);
    }
    weight *= inverseDocumentFrequency(frequencies, term);
    weights[i] = weight;
    squares += weight * weight;
  }
  if (squares === 0) return new TermVector(ids, weights);
  const norm = Math.sqrt(squares);
  for (let i = 0; i < size; i++) weights[i]! /= norm;
  return new TermVector(ids, weights, undefined, 1);
}

/** The vectors of a story, weighted by the document frequencies known when it arrives. */
export function storyVectors(terms: StoryTerms, frequencies: DocumentFrequencies): StoryVectors {
  const title = weightedVector([[terms.title, 1]], frequencies);
  const text = weightedVector(
    [
      [terms.title, FIELD_WEIGHTS.title],
      [terms.lede, FIELD_WEIGHTS.lede],
      [terms.body, FIELD_WEIGHTS.body],
    ],
    frequencies,
  );
  return { title, text, ...nameTerms(terms.nameRuns) };
}

/** Each term of a name numbered by its name; names with a term in common ("Kim Jong Un", "Kim Jong-un") are one. */
function nameTerms(runs: readonly NameRun[]): { nameTermIds: Int32Array; nameOfTerm: Int32Array } {
  const nameOf = new Map<number, number>();
  runs.forEach((ids, name) => {
    const joined = new Set(ids.map((id) => nameOf.get(id)).filter((n) => n !== undefined));
    for (const [id, n] of nameOf) if (joined.has(n)) nameOf.set(id, name);
    for (const id of ids) nameOf.set(id, name);
  });
  const ids = Int32Array.from(nameOf.keys()).sort();
  return { nameTermIds: ids, nameOfTerm: Int32Array.from(ids, (id) => nameOf.get(id)!) };
}
