import type { AlertSpan, AlertStory, Cluster, Story, WatchHit } from '@newswatch/db';

const SUMMARY_CHARS = 500;

function fieldText(story: Pick<Story, 'title' | 'summary_text' | 'content_text'>, field: string): string {
  if (field === 'title') return story.title;
  if (field === 'summary') return story.summary_text;
  if (field === 'content') return story.content_text;
  return '';
}

/**
 * What an alert says about one story and the watches it matched (all of them, or one rule's):
 * its lede, its outlets so far, the matched words themselves, a link back to the dashboard
 * when PUBLIC_URL is known. Instant alerts and digests both carry it.
 */
export function composeStoryAlert(
  story: Story,
  feedTitle: string | null,
  cluster: Pick<Cluster, 'id' | 'sources_count'>,
  hits: WatchHit[],
  watchName: (id: number) => string,
  publicUrl: string | null,
): AlertStory {
  const lede = story.summary_text || story.content_text;
  return {
    id: story.id,
    title: story.title,
    url: story.url,
    feedId: story.feed_id,
    feedTitle,
    publishedAt: story.published_at.toISOString(),
    clusterId: cluster.id,
    sourcesCount: cluster.sources_count,
    summary: lede.length > SUMMARY_CHARS ? `${lede.slice(0, SUMMARY_CHARS - 1)}…` : lede,
    dashboardUrl: publicUrl ? new URL(`/stories/${story.id}`, publicUrl).toString() : null,
    matches: hits.map((hit) => ({
      watchId: hit.watchId,
      watchName: watchName(hit.watchId),
      spans: hit.spans.map((s): AlertSpan => ({ field: s.field, start: s.start, end: s.end, text: fieldText(story, s.field).slice(s.start, s.end) })),
    })),
  };
}
