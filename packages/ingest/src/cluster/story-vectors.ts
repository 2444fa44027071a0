import type { NameRun, StoryTerms, TermCounts } from './story-terms';
import { inverseDocumentFrequency, type DocumentFrequencies } from './term-weighting';
import { packVector, type TermVector } from './term-vector';

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

/** Adds a field's sublinear TF × IDF (a word said ten times is not ten times the topic), scaled, into `into`. */
function addWeighted(into: Map<number, number>, counts: TermCounts, factor: number, idf: (term: number) => number): void {
  for (const [term, count] of counts) into.set(term, (into.get(term) ?? 0) + factor * (1 + Math.log(count)) * idf(term));
}

/** The vectors of a story, weighted by the document frequencies known when it arrives. */
export function storyVectors(terms: StoryTerms, frequencies: DocumentFrequencies): StoryVectors {
  const idfs = new Map<number, number>();
  const idf = (term: number) => {
    let value = idfs.get(term);
    if (value === undefined) idfs.set(term, (value = inverseDocumentFrequency(frequencies, term)));
    return value;
  };
  const title = new Map<number, number>();
  addWeighted(title, terms.title, 1, idf);
  const text = new Map<number, number>();
  addWeighted(text, terms.title, FIELD_WEIGHTS.title, idf);
  addWeighted(text, terms.lede, FIELD_WEIGHTS.lede, idf);
  addWeighted(text, terms.body, FIELD_WEIGHTS.body, idf);
  return { title: packVector(title, true), text: packVector(text, true), ...nameTerms(terms.nameRuns) };
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
