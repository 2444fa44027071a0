import { describeClusters, findStoryListRows, listMatchesForStories, type ClusterSummary, type Database, type Kysely, type StoryListRow } from '@newswatch/db';
import type { ClusterCoverageView, StoryView } from '@newswatch/web';
import { toStoryView } from './story-view';

/** What a card shows of how far its event has spread. */
export function coverageOf(summary: ClusterSummary): ClusterCoverageView {
  return {
    id: summary.id,
    outlets: summary.outlets,
    size: summary.size,
    newestAt: new Date(summary.last_published_at),
    sources: summary.sources.map((s) => ({ feedTitle: s.feed_title, publishedAt: new Date(s.first_published_at) })),
  };
}

/**
 * The cards of a list whose rows stand for their clusters (one row per cluster): each shows the
 * cluster's first story — its headline, lede and matches — with every watch any copy matched
 * and its coverage, and the triage state of the row that put it in the list. A story without a
 * cluster is a card of its own. A handful of statements per page, whatever its length.
 */
export async function loadClusterCards(db: Kysely<Database>, rows: readonly StoryListRow[]): Promise<StoryView[]> {
  const summaries = await describeClusters(
    db,
    rows.flatMap((r) => (r.cluster_id === null ? [] : [r.cluster_id])),
  );
  const leadIdOf = (row: StoryListRow) => (row.cluster_id === null ? row.id : (summaries.get(row.cluster_id)?.first_story_id ?? row.id));
  const leadIds = rows.map(leadIdOf);
  const given = new Map(rows.map((r) => [r.id, r]));
  const [fetched, matches] = await Promise.all([
    findStoryListRows(
      db,
      leadIds.filter((id) => !given.has(id)),
    ),
    listMatchesForStories(db, leadIds),
  ]);
  const leads = new Map([...given, ...fetched.map((r) => [r.id, r] as const)]);
  return rows.map((row) => {
    const lead = leads.get(leadIdOf(row)) ?? row;
    const view = toStoryView(
      lead,
      matches.filter((m) => m.story_id === lead.id),
    );
    const summary = row.cluster_id === null ? undefined : summaries.get(row.cluster_id);
    if (!summary) return { ...view, state: row.state };
    return {
      ...view,
      state: row.state,
      watches: summary.watches.map((w) => ({ id: w.watch_id, name: w.watch_name })),
      sourcesCount: summary.outlets,
      clusterSize: summary.size,
      cluster: coverageOf(summary),
    };
  });
}
