import type { StoryVectors } from './story-vectors';
import { addVector, pruneVector, type TermVector } from './term-vector';

/** Terms kept per centroid field: enough for any event, bounded for a cluster of thousands. */
export const CENTROID_TERMS = 200;

/**
 * What a cluster is to the clusterer: the centroid of its stories' vectors per field (the sum;
 * cosine ignores the scale), when its first and latest stories were published, and how many
 * it holds. Updated as each story joins; stored with the cluster.
 */
export interface ClusterProfile {
  title: TermVector;
  lede: TermVector;
  body: TermVector;
  text: TermVector;
  firstPublishedAt: Date;
  lastPublishedAt: Date;
  size: number;
}

/** The profile of a cluster started by this story. */
export function startProfile(vectors: StoryVectors, publishedAt: Date): ClusterProfile {
  return {
    title: new Map(vectors.title),
    lede: new Map(vectors.lede),
    body: new Map(vectors.body),
    text: new Map(vectors.text),
    firstPublishedAt: publishedAt,
    lastPublishedAt: publishedAt,
    size: 1,
  };
}

/** The profile once this story has joined (a new object; the old one is left as it was). */
export function joinProfile(profile: ClusterProfile, vectors: StoryVectors, publishedAt: Date): ClusterProfile {
  const grown = (centroid: TermVector, vector: TermVector) => {
    const sum = new Map(centroid);
    addVector(sum, vector);
    return pruneVector(sum, CENTROID_TERMS);
  };
  return {
    title: grown(profile.title, vectors.title),
    lede: grown(profile.lede, vectors.lede),
    body: grown(profile.body, vectors.body),
    text: grown(profile.text, vectors.text),
    firstPublishedAt: publishedAt < profile.firstPublishedAt ? publishedAt : profile.firstPublishedAt,
    lastPublishedAt: publishedAt > profile.lastPublishedAt ? publishedAt : profile.lastPublishedAt,
    size: profile.size + 1,
  };
}

/** A profile's vectors as JSON objects, for storage. */
export function storedVectorsOf(profile: ClusterProfile): {
  title: Record<string, number>;
  lede: Record<string, number>;
  body: Record<string, number>;
  text: Record<string, number>;
} {
  return {
    title: Object.fromEntries(profile.title),
    lede: Object.fromEntries(profile.lede),
    body: Object.fromEntries(profile.body),
    text: Object.fromEntries(profile.text),
  };
}

/** A profile read back from storage. */
export function profileFromStored(stored: {
  vectors: { title: Record<string, number>; lede: Record<string, number>; body: Record<string, number>; text: Record<string, number> };
  first_published_at: Date;
  last_published_at: Date;
  size: number;
}): ClusterProfile {
  const { vectors } = stored;
  return {
    title: new Map(Object.entries(vectors.title)),
    lede: new Map(Object.entries(vectors.lede)),
    body: new Map(Object.entries(vectors.body)),
    text: new Map(Object.entries(vectors.text)),
    firstPublishedAt: new Date(stored.first_published_at),
    lastPublishedAt: new Date(stored.last_published_at),
    size: stored.size,
  };
}
