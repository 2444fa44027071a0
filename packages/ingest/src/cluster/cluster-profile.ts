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
 * A vector as stored: its term numbers, then its weights, as 32-bit big-endian integers and
 * floats (8 bytes a term; PostgreSQL's `int4send`/`float4send` order, so SQL can make them).
 * Weights lose nothing the score can tell (they are float32-rounded sums).
 */
export function packTerms(vector: TermVector): Uint8Array {
  const bytes = new Uint8Array(vector.size * 8);
  const view = new DataView(bytes.buffer);
  const weightsAt = vector.size * 4;
  for (let i = 0; i < vector.size; i++) {
    view.setInt32(i * 4, vector.ids[i]!);
    view.setFloat32(weightsAt + i * 4, vector.weights[i]!);
  }
  return bytes;
}

/** A vector read back from `packTerms`'s bytes (term numbers ascending, as packed). */
export function unpackTerms(bytes: Uint8Array, vocabulary: Vocabulary = sharedVocabulary): TermVector {
  const size = bytes.byteLength >> 3;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ids = new Int32Array(size);
  const weights = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    ids[i] = view.getInt32(i * 4);
    weights[i] = view.getFloat32(size * 4 + i * 4);
  }
  return new TermVector(ids, weights, vocabulary);
}

/** The text of a vector's figures (figure-mismatch.ts), space-separated: stored beside the packed terms. */
export function figureTexts(vector: TermVector): string {
  const texts: string[] = [];
  for (const id of vector.ids) {
    const text = vector.vocabulary.figure(id);
    if (text !== undefined) texts.push(text);
  }
  return texts.join(' ');
}

/** Makes a stored profile's figures known to the vocabulary again (another process, or before a restart, numbered them). */
export function learnFigures(texts: string, vocabulary: Vocabulary = sharedVocabulary): void {
  if (texts === '') return;
  for (const text of texts.split(' ')) vocabulary.idOf(text);
}

/** A vector read back from the text form rows written before 2026-12-06 hold: `term weight term weight …`. */
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
