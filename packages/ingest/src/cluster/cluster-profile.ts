import type { StoryVectors } from './story-vectors';
import { addVectors, pruneVector, TermVector } from './term-vector';
import { sharedVocabulary, type Vocabulary } from './vocabulary';

/** Terms kept in the whole-text centroid: enough for any event, bounded for a cluster of thousands. */
export const CENTROID_TERMS = 200;
/** Terms kept in the headlines' centroid. */
export const TITLE_CENTROID_TERMS = 60;

/**
 * What a cluster is to the clusterer: the centroid of its stories' whole-text vectors and of
 * their headlines' (sums; cosine ignores the scale), when its first and latest stories were
 * published, and how many it holds. Updated as each story joins; stored with the cluster.
 * Only what the score reads is kept (cluster-similarity.ts): per-lede and per-body centroids
 * added nothing on the dev set and tripled what each cluster stores. The cluster's figures are
 * the number terms of `text` (figure-mismatch.ts), so its stored form must keep the terms.
 */
export interface ClusterProfile {
  title: TermVector;
  text: TermVector;
  firstPublishedAt: Date;
  lastPublishedAt: Date;
  size: number;
}

/** The profile of a cluster started by this story. */
export function startProfile(vectors: StoryVectors, publishedAt: Date): ClusterProfile {
  return {
    title: pruneVector(vectors.title, TITLE_CENTROID_TERMS),
    text: pruneVector(vectors.text, CENTROID_TERMS),
    firstPublishedAt: publishedAt,
    lastPublishedAt: publishedAt,
    size: 1,
  };
}

/** The profile once this story has joined (a new object; the old one is left as it was). */
export function joinProfile(profile: ClusterProfile, vectors: StoryVectors, publishedAt: Date): ClusterProfile {
  return {
    title: pruneVector(addVectors(profile.title, vectors.title), TITLE_CENTROID_TERMS),
    text: pruneVector(addVectors(profile.text, vectors.text), CENTROID_TERMS),
    firstPublishedAt: publishedAt < profile.firstPublishedAt ? publishedAt : profile.firstPublishedAt,
    lastPublishedAt: publishedAt > profile.lastPublishedAt ? publishedAt : profile.lastPublishedAt,
    size: profile.size + 1,
  };
}

/**
 * A vector as stored: `term weight term weight …`, weights to four decimals, each term as its
 * number (`#-12345`, vocabulary.ts) or, for figures, its text (figure-mismatch.ts reads it).
 * Terms hold no spaces (story-terms.ts splits on them). Text, not JSON: a tenth of the CPU to
 * write and read.
 */
export function encodeVector(vector: TermVector): string {
  const parts: string[] = [];
  for (let i = 0; i < vector.size; i++) parts.push(vector.vocabulary.term(vector.ids[i]!), String(Math.round(vector.weights[i]! * 1e4) / 1e4));
  return parts.join(' ');
}

/** A vector read back from `encodeVector`'s text. */
export function decodeVector(text: string, vocabulary: Vocabulary = sharedVocabulary): TermVector {
  if (text === '') return new TermVector(new Int32Array(0), new Float32Array(0), vocabulary);
  const parts = text.split(' ');
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const term = parts[i]!;
    pairs.push([term.startsWith('#') ? Number(term.slice(1)) : vocabulary.idOf(term), Number(parts[i + 1])]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return new TermVector(
    Int32Array.from(pairs, (p) => p[0]),
    Float32Array.from(pairs, (p) => p[1]),
    vocabulary,
  );
}
