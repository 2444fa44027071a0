import type { StoryVectors } from './story-vectors';
import { addVector, pruneVector, type TermVector } from './term-vector';

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
    title: pruneVector(new Map(vectors.title), TITLE_CENTROID_TERMS),
    text: pruneVector(new Map(vectors.text), CENTROID_TERMS),
    firstPublishedAt: publishedAt,
    lastPublishedAt: publishedAt,
    size: 1,
  };
}

/** The profile once this story has joined (a new object; the old one is left as it was). */
export function joinProfile(profile: ClusterProfile, vectors: StoryVectors, publishedAt: Date): ClusterProfile {
  const grown = (centroid: TermVector, vector: TermVector, keep: number) => {
    const sum = new Map(centroid);
    addVector(sum, vector);
    return pruneVector(sum, keep);
  };
  return {
    title: grown(profile.title, vectors.title, TITLE_CENTROID_TERMS),
    text: grown(profile.text, vectors.text, CENTROID_TERMS),
    firstPublishedAt: publishedAt < profile.firstPublishedAt ? publishedAt : profile.firstPublishedAt,
    lastPublishedAt: publishedAt > profile.lastPublishedAt ? publishedAt : profile.lastPublishedAt,
    size: profile.size + 1,
  };
}

/** A profile's vectors as JSON objects for storage, weights to four decimals (a third of the bytes). */
export function storedVectorsOf(profile: ClusterProfile): { title: Record<string, number>; text: Record<string, number> } {
  const stored = (vector: TermVector) => {
    const out: Record<string, number> = {};
    for (const [term, weight] of vector) out[term] = Math.round(weight * 1e4) / 1e4;
    return out;
  };
  return { title: stored(profile.title), text: stored(profile.text) };
}

/** A profile read back from storage. */
export function profileFromStored(stored: {
  vectors: { title: Record<string, number>; text: Record<string, number> };
  first_published_at: Date;
  last_published_at: Date;
  size: number;
}): ClusterProfile {
  return {
    title: new Map(Object.entries(stored.vectors.title)),
    text: new Map(Object.entries(stored.vectors.text)),
    firstPublishedAt: new Date(stored.first_published_at),
    lastPublishedAt: new Date(stored.last_published_at),
    size: stored.size,
  };
}
