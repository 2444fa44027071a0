import type { Database, Transaction } from '@newswatch/db';
import { storyLookupTerms } from './rare-terms';
import { storyTerms } from './story-terms';
import { storyVectors, type StoryVectors } from './story-vectors';
import type { TermStatsBuffer } from './term-stats-buffer';
import { sharedVocabulary } from './vocabulary';

/**
 * A story as clustering compares it: small and flat, as a batch's analyses live across its
 * database round trips (the young generation copies whatever survives a collection). Its
 * distinct terms, counted once in the document frequencies when it is stored, are its whole
 * text vector's.
 */
export interface StoryAnalysis {
  vectors: StoryVectors;
  /** The rare terms it looks candidate clusters up by. */
  lookupTerms: string[];
}

/**
 * Term vectors for a batch of stories, weighted by the document frequencies counted so far
 * (one query for the whole batch's terms).
 */
export async function analyzeStories(
  trx: Transaction<Database>,
  termStats: TermStatsBuffer,
  stories: readonly { title: string; summaryText: string; contentText: string; feedTitle: string | null }[],
): Promise<StoryAnalysis[]> {
  const terms = stories.map((s) => storyTerms(s.title, s.summaryText, s.contentText, s.feedTitle));
  // The batch counts too: a first poll of a hundred feeds has no stored stories to tell a
  // template word ("Farm story") from a name, but has its own hundreds of stories.
  const counts = new Map<string, number>();
  for (const t of terms) {
    const seen = new Set<string>();
    for (const field of [t.title, t.lede, t.body]) {
      for (const term of field.keys()) {
        if (seen.has(term)) continue;
        seen.add(term);
        counts.set(term, (counts.get(term) ?? 0) + 1);
      }
    }
  }
  const stored = await termStats.read(trx, [...counts.keys()]);
  for (const [term, count] of counts) counts.set(term, count + stored.count(term));
  const frequencies = { total: stored.total + stories.length, count: (term: string) => counts.get(term) ?? stored.count(term) };
  return terms.map((t) => {
    const vectors = storyVectors(t, frequencies);
    return { vectors, lookupTerms: storyLookupTerms(vectors) };
  });
}

/** How many of these stories hold each term: what storing them adds to the document frequencies. */
export function documentCountsOf(analyses: readonly StoryAnalysis[]): Map<string, number> {
  const byId = new Map<number, number>();
  for (const { vectors } of analyses) for (const id of vectors.text.ids) byId.set(id, (byId.get(id) ?? 0) + 1);
  const counts = new Map<string, number>();
  for (const [id, count] of byId) counts.set(sharedVocabulary.term(id), count);
  return counts;
}
