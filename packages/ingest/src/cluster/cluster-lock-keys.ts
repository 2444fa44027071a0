import { STORY_LOCK_TERMS } from './rare-terms';
import type { StoryAnalysis } from './story-analysis';

/**
 * Advisory-lock buckets. Few enough that a batch's locks fit PostgreSQL's lock table (64 per
 * connection by default, shared), many enough that unrelated batches rarely wait on each other.
 */
const LOCK_BUCKETS = 512;
/** Keeps our advisory locks apart from any other use of pg_advisory_xact_lock. */
const LOCK_NAMESPACE = 0x6e770000;

function bucketOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return LOCK_NAMESPACE + (hash % LOCK_BUCKETS);
}

/**
 * The lock keys of a batch's placement: its canonical URLs and each story's rarest terms.
 * Copies of one event share them, so two writers placing copies at the same moment take a
 * common key and place one after the other: the second sees the first's cluster.
 */
export function clusterLockKeys(stories: readonly { canonicalUrl: string | null }[], analyses: readonly StoryAnalysis[]): number[] {
  const keys = new Set<number>();
  for (const story of stories) if (story.canonicalUrl !== null) keys.add(bucketOf(`url:${story.canonicalUrl}`));
  for (const analysis of analyses) for (const term of analysis.lookupTerms.slice(0, STORY_LOCK_TERMS)) keys.add(bucketOf(`term:${term}`));
  return [...keys];
}
