import type { StoryTerms, TermCounts } from './story-terms';
import { inverseDocumentFrequency, type DocumentFrequencies } from './term-weighting';
import { addVector, normalizeVector, type TermVector } from './term-vector';

/**
 * A story as unit-length TF-IDF vectors: its title, its lede, its body, and all three
 * together (`text`: briefs have no body, a rewrite has its own headline — the whole text is
 * what two stories of one event share most surely).
 */
export interface StoryVectors {
  title: TermVector;
  lede: TermVector;
  body: TermVector;
  text: TermVector;
}

/** Sublinear term frequency: a word said ten times is not ten times the topic. */
function weigh(counts: TermCounts, frequencies: DocumentFrequencies): TermVector {
  const vector: TermVector = new Map();
  for (const [term, count] of counts) vector.set(term, (1 + Math.log(count)) * inverseDocumentFrequency(frequencies, term));
  return vector;
}

/** The vectors of a story, weighted by the document frequencies known when it arrives. */
export function storyVectors(terms: StoryTerms, frequencies: DocumentFrequencies): StoryVectors {
  const title = weigh(terms.title, frequencies);
  const lede = weigh(terms.lede, frequencies);
  const body = weigh(terms.body, frequencies);
  // The headline and lede say what the story is about; the body also says what it recalls.
  const text: TermVector = new Map();
  addVector(text, scaled(title, 2));
  addVector(text, scaled(lede, 1.5));
  addVector(text, body);
  return { title: normalizeVector(title), lede: normalizeVector(lede), body: normalizeVector(body), text: normalizeVector(text) };
}

function scaled(vector: TermVector, factor: number): TermVector {
  return new Map([...vector].map(([term, weight]) => [term, weight * factor]));
}
