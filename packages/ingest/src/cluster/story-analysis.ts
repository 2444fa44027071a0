import type { Database, Transaction } from '@newswatch/db';
import { storyLookupTerms } from './rare-terms';
import { forEachDistinctTerm, storyTerms } from './story-terms';
import { storyVectors, type StoryVectors } from './story-vectors';
import type { TermStatsBuffer } from './term-stats-buffer';

/**
 * A story as clustering compares it: small and flat, as a batch's analyses live across its
 * database round trips (the young generation copies whatever survives a collection).
 */
export interface StoryAnalysis {
  vectors: StoryVectors;
  /** The rare terms it looks candidate clusters up by. */
  lookupTerms: number[];
}

/**
 * Term vectors for a batch of stories, weighted by the document frequencies counted so far
 * (one query for the whole batch's terms).
 */
export async function analyzeStories(
  trx: Transaction<Database>,
  termStats: TermStatsBuffer,
  stories: readonly { title: string; summaryText: string; contentText: string; feedTitle: string | null }[],
): Promise<{ analyses: StoryAnalysis[]; documentCounts: Map<number, number> }> {
  const terms = stories.map((s) => storyTerms(s.title, s.summaryText, s.contentText, s.feedTitle));
  // How many of the stories hold each term: what storing them adds to the document frequencies.
  const documentCounts = new Map<number, number>();
  const countOne = (term: number) => documentCounts.set(term, (documentCounts.get(term) ?? 0) + 1);
  for (const t of terms) forEachDistinctTerm(t, countOne);
  const stored = await termStats.read(trx, [...documentCounts.keys()]);
  // The batch counts too: a first poll of a hundred feeds has no stored stories to tell a
  // template word ("Farm story") from a name, but has its own hundreds of stories.
  const counts = new Map<number, number>();
  for (const [term, count] of documentCounts) counts.set(term, count + stored.count(term));
  const frequencies = { total: stored.total + stories.length, count: (term: number) => counts.get(term) ?? stored.count(term) };
  const analyses = terms.map((t) => {
    const vectors = storyVectors(t, frequencies);
    return { vectors, lookupTerms: storyLookupTerms(vectors) };
  });
  return { analyses, documentCounts };
}

/** Stories counted, and per term how many of them hold it. */
export interface DocumentCounts {
  documents: number;
  terms: Map<number, number>;
}
