import type { Database, Transaction } from '@newswatch/db';
import { storyLookupTerms } from './rare-terms';
import { storyTerms, type StoryTerms } from './story-terms';
import { storyVectors, type StoryVectors } from './story-vectors';
import type { TermStatsBuffer } from './term-stats-buffer';

/** A story as clustering compares it. */
export interface StoryAnalysis {
  terms: StoryTerms;
  vectors: StoryVectors;
  /** Its distinct terms, counted once in the document frequencies when it is stored. */
  distinctTerms: string[];
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
  const distinct = terms.map((t) => [...new Set([...t.title.keys(), ...t.lede.keys(), ...t.body.keys()])]);
  const stored = await termStats.read(trx, [...new Set(distinct.flat())]);
  // The batch counts too: a first poll of a hundred feeds has no stored stories to tell a
  // template word ("Farm story") from a name, but has its own hundreds of stories.
  const own = new Map<string, number>();
  for (const terms of distinct) for (const term of terms) own.set(term, (own.get(term) ?? 0) + 1);
  const frequencies = { total: stored.total + stories.length, count: (term: string) => stored.count(term) + (own.get(term) ?? 0) };
  return terms.map((t, k) => {
    const vectors = storyVectors(t, frequencies);
    return { terms: t, vectors, distinctTerms: distinct[k]!, lookupTerms: storyLookupTerms(vectors) };
  });
}

/** How many of these stories hold each term: what storing them adds to the document frequencies. */
export function documentCountsOf(analyses: readonly StoryAnalysis[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const analysis of analyses) for (const term of analysis.distinctTerms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}
