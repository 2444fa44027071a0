import {
  addBacklogItems,
  addJoinersToClusterCounts,
  createClustersFor,
  deleteClusters,
  findStoryKeys,
  insertMatches,
  insertStories,
  listInstantRules,
  lockClusterKeys,
  preferIndexScans,
  releaseFeedLeases,
  reserveStoryIds,
  saveClusterProfiles,
  setClusterRepresentatives,
  updateStory,
  upsertMatches,
  type AlertComposer,
  type Cluster,
  type Database,
  type Feed,
  type FeedTitle,
  type FeedUpdate,
  type GrownCluster,
  type Kysely,
  type NewStory,
  type RuleWithWatches,
  type Story,
  type Transaction,
  type UncommittedStory,
} from '@newswatch/db';
import { matchDocumentOf } from '@newswatch/match';
import { clusterLockKeys } from '../cluster/cluster-lock-keys';
import { figureTexts, packTerms, type ClusterProfile } from '../cluster/cluster-profile';
import { fingerprintOf, placeInClusters } from '../cluster/existing-clusters';
import { placeBySimilarity, type TouchedProfiles } from '../cluster/similar-clusters';
import { storedRecentClustersOf, type StoredRecentClusters } from '../cluster/stored-recent-clusters';
import { analyzeStories, type DocumentCounts } from '../cluster/story-analysis';
import { termStatsBufferOf, type TermStatsBuffer } from '../cluster/term-stats-buffer';
import type { NormalizedItem } from '../normalize/normalize-item';
import { enqueueForGrownClusters, enqueueInstantAlerts } from './enqueue-alerts';
import type { LockTurn } from './placement-turns';
import type { WatchHit, WatchMatcher } from './watch-matcher';

export interface StoreResult {
  inserted: number;
  updated: number;
  matched: number;
  deliveriesEnqueued: number;
}

/** A result with nothing stored yet. */
export function emptyStoreResult(): StoreResult {
  return { inserted: 0, updated: 0, matched: 0, deliveriesEnqueued: 0 };
}

/** Adds `result`'s counts to `total`. */
export function addStoreResult(total: StoreResult, result: StoreResult): void {
  total.inserted += result.inserted;
  total.updated += result.updated;
  total.matched += result.matched;
  total.deliveriesEnqueued += result.deliveriesEnqueued;
}

export interface StoreOptions {
  /** Ends the poll's lease with this outcome in the same transaction (one commit per feed). */
  release?: { owner: string; update: FeedUpdate };
  /**
   * The feed's first poll: its new items wait in the backlog, counted as inserted, and are
   * placed, matched and alerted with the cycle's other first polls (place-backlog.ts).
   */
  backlog?: boolean;
}

/** One feed's items to store, as `storeItemsOfFeeds` takes them. */
export interface StoreJob extends StoreOptions {
  feed: FeedTitle;
  items: NormalizedItem[];
}

/** Stores one feed's items (see `storeItemsOfFeeds`). */
export async function storeItems(
  db: Kysely<Database>,
  feed: Feed,
  items: NormalizedItem[],
  matcher: WatchMatcher,
  alerts: AlertComposer,
  options: StoreOptions = {},
): Promise<StoreResult> {
  const [result] = await storeItemsOfFeeds(db, [{ feed, items, ...options }], matcher, alerts);
  return result!;
}

/** A new item and the job (index into the jobs) it came from. */
export interface FreshItem {
  job: number;
  item: NormalizedItem;
}

/**
 * Stores the items of several feeds: new ones are inserted, clustered, matched and given
 * their outbox rows; changed ones are refreshed and re-matched (no second alert: the outbox
 * key is per rule and cluster). All in one transaction, so a crash leaves either everything
 * or nothing, and each feed's lease ends in it. Returns one result per job. A first poll's
 * new items (`backlog`) are only kept, for `placeBacklog` to place with the cycle's others.
 *
 * Set-at-a-time: whatever the number of feeds and items, a batch costs about ten statements
 * (keys, ids, clusters found, clusters created, stories, cluster counts, matches, leases) —
 * per-item and then per-feed round trips were what made a 5,000-feed cycle slow, and PGlite
 * runs one statement at a time. Polling and WebSub pushes both come through here; the unique
 * (feed, key) constraint makes a poll and a push racing on the same item store it once.
 */
export async function storeItemsOfFeeds(db: Kysely<Database>, jobs: readonly StoreJob[], matcher: WatchMatcher, alerts: AlertComposer): Promise<StoreResult[]> {
  const results = jobs.map(emptyStoreResult);
  // One item per key: feeds do repeat guids.
  const uniqueItems = jobs.map((job) => [...new Map(job.items.map((i) => [i.dedupeKey, i])).values()]);
  const known = await findStoryKeys(
    db,
    jobs.flatMap((job, n) => uniqueItems[n]!.map((i) => ({ feedId: job.feed.id, dedupeKey: i.dedupeKey }))),
  );
  const fresh: FreshItem[] = [];
  const changed: (FreshItem & { id: number })[] = [];
  jobs.forEach((job, n) => {
    const knownOfFeed = known.get(job.feed.id);
    for (const item of uniqueItems[n]!) {
      const existing = knownOfFeed?.get(item.dedupeKey);
      if (existing === undefined) fresh.push({ job: n, item });
      else if (existing.contentHash !== item.contentHash) changed.push({ job: n, item, id: existing.id });
    }
  });
  const releaseLeases = async (into: Kysely<Database>) => {
    const byOwner = new Map<string, { id: number; update: FeedUpdate }[]>();
    for (const job of jobs) {
      if (!job.release) continue;
      const list = byOwner.get(job.release.owner) ?? [];
      list.push({ id: job.feed.id, update: job.release.update });
      byOwner.set(job.release.owner, list);
    }
    for (const [owner, releases] of byOwner) await releaseFeedLeases(into, owner, releases);
  };
  if (fresh.length === 0 && changed.length === 0) {
    await releaseLeases(db);
    return results;
  }

  const placeNow = fresh.filter(({ job }) => !jobs[job]!.backlog);
  const placeLater = fresh.filter(({ job }) => jobs[job]!.backlog);
  await inPlacingTransaction(db, matcher, alerts, async (trx, place) => {
    for (const { job, item, id } of changed) {
      await updateStory(trx, id, {
        title: item.title,
        summary_text: item.summaryText,
        content_html: item.contentHtml,
        content_text: item.contentText,
        author: item.author,
        content_hash: item.contentHash,
      });
      const { feed } = jobs[job]!;
      const hits = watchHitsOf(matcher, feed, newStory(feed.id, item));
      await upsertMatches(
        trx,
        hits.map((h) => ({ story_id: id, watch_id: h.watchId, spans: h.spans })),
      );
      results[job]!.updated++;
    }
    await addBacklogItems(
      trx,
      placeLater.map(({ job, item }) => ({ feed_id: jobs[job]!.feed.id, dedupe_key: item.dedupeKey, published_at: item.publishedAt, item })),
    );
    for (const { job } of placeLater) results[job]!.inserted++;
    // Leases first: placing new stories takes the cluster locks (see insertFresh), held to the
    // commit, so the less that follows them the less another writer waits.
    await releaseLeases(trx);
    if (placeNow.length > 0) await place(jobs, placeNow, results);
  });
  return results;
}

/** Places new items (`insertFresh`) of the jobs it is given, counting into their results. */
export type PlaceFresh = (jobs: readonly StoreJob[], fresh: FreshItem[], results: StoreResult[], turn?: LockTurn) => Promise<void>;

/**
 * Runs `body` in one transaction, giving it `place` to insert new items into their clusters.
 * A failed commit forgets the profiles placement put in this process's copy of the recent
 * clusters; after the commit, the stories placed are added to the term counts.
 */
export async function inPlacingTransaction(
  db: Kysely<Database>,
  matcher: WatchMatcher,
  alerts: AlertComposer,
  body: (trx: Transaction<Database>, place: PlaceFresh) => Promise<void>,
): Promise<void> {
  await matcher.refresh();
  const termStats = termStatsBufferOf(db);
  const recent = storedRecentClustersOf(db);
  // `place` runs once per transaction at most (both callers place one batch).
  let counted: DocumentCounts = { documents: 0, terms: new Map() };
  try {
    await db.transaction().execute((trx) =>
      body(trx, async (jobs, fresh, results, turn) => {
        counted = await insertFresh(trx, termStats, recent, jobs, fresh, matcher, alerts, results, turn);
      }),
    );
  } catch (error) {
    // Placement put this batch's profiles in the process's copy before the commit that failed.
    recent.reset();
    throw error;
  }
  // After the commit, outside it: every writer adds to the same counts (see TermStatsBuffer).
  // Not waited for: the counts are already read by this process's next batch, and a failed
  // write keeps them for the next flush.
  if (counted.documents > 0) termStats.add(counted.documents, counted.terms);
}

async function insertFresh(
  trx: Transaction<Database>,
  termStats: TermStatsBuffer,
  recent: StoredRecentClusters,
  jobs: readonly StoreJob[],
  fresh: FreshItem[],
  matcher: WatchMatcher,
  alerts: AlertComposer,
  results: StoreResult[],
  turn?: LockTurn,
): Promise<DocumentCounts> {
  const feedOf = (k: number) => jobs[fresh[k]!.job]!.feed;

  // Clusters first, so each story is inserted once, already in its cluster: one found for
  // the same article from another outlet, else the most similar recent event, else a new
  // one the story leads. Placement holds locks on the batch's URLs and rare terms, so a
  // writer storing copies of the same event at the same moment waits and then joins.
  // A feed polled for the first time has its title only in the lease's update.
  const { analyses, documentCounts } = await analyzeStories(
    trx,
    termStats,
    fresh.map(({ item, job }) => ({
      title: item.title,
      summaryText: item.summaryText,
      contentText: item.contentText,
      feedTitle: jobs[job]!.feed.title ?? jobs[job]!.release?.update.title ?? null,
    })),
  );
  // What needs no lock is done before taking it: another writer waits for every step after.
  const ids = await reserveStoryIds(trx, fresh.length);
  const freshIndex = new Map(ids.map((id, k) => [id, k]));
  const fingerprints = fresh.map(({ item }) => fingerprintOf(item));
  const rows = fresh.map(({ item }, k) => newStory(feedOf(k).id, item));
  const hitsOfFresh = rows.map((row, k) => watchHitsOf(matcher, feedOf(k), row));
  const rules = await listInstantRules(trx);
  await preferIndexScans(trx);
  const lockKeys = clusterLockKeys(
    fresh.map(({ item }) => item),
    analyses,
  );
  await (turn ? turn.lock(trx, lockKeys) : lockClusterKeys(trx, lockKeys));
  const placements = await placeInClusters(
    trx,
    fresh.map(({ item }, k) => ({ feedId: feedOf(k).id, item, fingerprint: fingerprints[k]! })),
    turn?.uncommitted(),
  );
  const published = fresh.map(({ item }) => item.publishedAt.getTime());
  await recent.catchUp(trx, Math.min(...published), Math.max(...published));
  await recent.include(
    trx,
    placements.flatMap((p) => (p !== null && 'clusterId' in p ? [p.clusterId] : [])),
  );
  const touched = placeBySimilarity(
    recent.clusters,
    fresh.map(({ item }, k) => ({ publishedAt: item.publishedAt, analysis: analyses[k]! })),
    placements,
  );
  const created = await createClustersFor(
    trx,
    ids.filter((_, k) => placements[k] === null),
  );
  const createdFor = new Map(created.map((c) => [c.representative_story_id!, c]));
  const clusterIds: number[] = [];
  placements.forEach((placement, k) => {
    if (placement === null) clusterIds[k] = createdFor.get(ids[k]!)!.id;
    else clusterIds[k] = 'clusterId' in placement ? placement.clusterId : clusterIds[placement.sameAs]!;
  });
  const planned = rows.map((row, k) => ({
    ...row,
    id: ids[k]!,
    cluster_id: clusterIds[k]!,
    near_duplicate_bands: fingerprints[k]?.bands ?? null,
    near_duplicate_keys: fingerprints[k]?.keys ?? null,
  }));
  // The decision is made: the copy holds its profiles (a failed commit resets it), and the next
  // turn may place on it while this one writes.
  const profiles = touchedProfiles(touched, clusterIds);
  for (const { clusterId, profile } of profiles) recent.clusters.put(clusterId, profile);
  turn?.decided(planned.map(uncommittedStoryOf));
  await turn?.earlierCommitted();

  const stories = await insertStories(trx, planned);
  const leading = await settleLeaderlessClusters(trx, created, stories);
  // Before the counts: a second writer joining one of these clusters waits on its profile's
  // row until this commit, then sees this batch's stories when it counts outlets. Written even
  // when a racing writer stored every item first: the copy already holds these profiles.
  await saveTouchedProfiles(trx, recent, profiles, stories);
  if (stories.length === 0) return { documents: 0, terms: new Map() };
  // A cluster's row counts its leader from the start; a story leading in a leader's stead
  // (settleLeaderlessClusters) is that one.
  const joiners = stories.filter((s) => !createdFor.has(s.id) && !leading.has(s.id));
  const grown = await addJoinersToClusterCounts(
    trx,
    joiners.map((s) => ({ clusterId: s.cluster_id!, feedId: s.feed_id, storyId: s.id })),
  );
  const clusters = new Map<number, Cluster>([...created, ...grown].map((c) => [c.id, c]));

  const stored = stories.map((story): StoredFresh => {
    const k = freshIndex.get(story.id)!;
    return { story, job: fresh[k]!.job, hits: hitsOfFresh[k]! };
  });
  for (const { job } of stored) results[job]!.inserted++;
  await storeMatchesAndAlerts(trx, stored, { clusters, grown, joiners: new Set(joiners.map((s) => s.id)) }, rules, jobs, matcher, alerts, results);
  // Items a racing writer stored first are counted by both (a weight, and rare).
  return { documents: stories.length, terms: documentCounts };
}

/** A new story as stored, the job it came from and the watches it matched. */
interface StoredFresh {
  story: Story;
  job: number;
  hits: WatchHit[];
}

/**
 * The batch's matches and the alerts they and its copies set off: each matched story alerts
 * the rules of its watches (once per rule and cluster: the outbox key), and a copy from another
 * outlet may satisfy rules waiting for `minSources`, even unmatched itself. Counts them into
 * the results of the jobs the stories came from.
 */
async function storeMatchesAndAlerts(
  trx: Transaction<Database>,
  stored: readonly StoredFresh[],
  grouping: { clusters: Map<number, Cluster>; grown: readonly GrownCluster[]; joiners: ReadonlySet<number> },
  rules: readonly RuleWithWatches[],
  jobs: readonly StoreJob[],
  matcher: WatchMatcher,
  alerts: AlertComposer,
  results: StoreResult[],
): Promise<void> {
  const matched = stored.filter((s) => s.hits.length > 0);
  await insertMatches(
    trx,
    matched.flatMap(({ story, hits }) => hits.map((h) => ({ story_id: story.id, watch_id: h.watchId, spans: h.spans }))),
  );
  for (const { story, job, hits } of matched) {
    const result = results[job]!;
    result.matched++;
    const cluster = grouping.clusters.get(story.cluster_id!)!;
    result.deliveriesEnqueued += await enqueueInstantAlerts(
      trx,
      rules,
      { ...story, cluster_id: cluster.id },
      jobs[job]!.feed.title,
      cluster,
      hits,
      (id) => matcher.watchName(id),
      alerts,
    );
  }
  const enqueuedForGrown = await enqueueForGrownClusters(trx, rules, grouping.grown, alerts);
  for (const [clusterId, enqueued] of enqueuedForGrown) {
    const joiner = stored.find((s) => s.story.cluster_id === clusterId && grouping.joiners.has(s.story.id))!;
    results[joiner.job]!.deliveriesEnqueued += enqueued;
  }
}

/**
 * Clusters created for stories a racing poll or push stored first lead nothing: they are
 * deleted — unless a copy from another feed of this batch joined one, which then leads it.
 * Returns the ids of the stories that now lead in a leader's stead.
 */
async function settleLeaderlessClusters(trx: Transaction<Database>, created: readonly Cluster[], stories: readonly Story[]): Promise<Set<number>> {
  const storedIds = new Set(stories.map((story) => story.id));
  const firstMemberOf = new Map<number, number>();
  for (const story of stories) if (!firstMemberOf.has(story.cluster_id!)) firstMemberOf.set(story.cluster_id!, story.id);
  const leaderless = created.filter((c) => !storedIds.has(c.representative_story_id!));
  await deleteClusters(
    trx,
    leaderless.filter((c) => !firstMemberOf.has(c.id)).map((c) => c.id),
  );
  const newRepresentatives = leaderless.filter((c) => firstMemberOf.has(c.id)).map((c) => [c.id, firstMemberOf.get(c.id)!] as const);
  await setClusterRepresentatives(trx, newRepresentatives);
  return new Set(newRepresentatives.map(([, storyId]) => storyId));
}

/** A cluster's profile after placement; `started`: by this batch. */
interface TouchedProfile {
  clusterId: number;
  profile: ClusterProfile;
  started: boolean;
}

/**
 * The touched clusters' profiles by cluster id. Touched clusters are numbered as placement
 * numbers them: stored ids, or -(1 + k) for the one item k started (`clusterIds[k]` once
 * created).
 */
function touchedProfiles(touched: TouchedProfiles, clusterIds: readonly number[]): TouchedProfile[] {
  return [...touched].map(([n, profile]) => ({ clusterId: n >= 0 ? n : clusterIds[-1 - n]!, profile, started: n < 0 }));
}

/**
 * Writes the new profile of every cluster the batch touched and still has stories in. A
 * cluster the batch started without any of its stories stored (a racing poll or push stored
 * them first) leaves this process's copy, where placement put every touched profile.
 */
async function saveTouchedProfiles(
  trx: Transaction<Database>,
  recent: StoredRecentClusters,
  profiles: readonly TouchedProfile[],
  stories: readonly Story[],
): Promise<void> {
  const clustersWithStories = new Set(stories.map((story) => story.cluster_id!));
  const kept = profiles.filter(({ clusterId, started }) => !started || clustersWithStories.has(clusterId));
  for (const { clusterId, started } of profiles) if (started && !clustersWithStories.has(clusterId)) recent.clusters.delete(clusterId);
  await saveClusterProfiles(
    trx,
    recent.writer,
    kept.map(({ clusterId, profile }) => ({
      clusterId,
      titleTerms: packTerms(profile.title),
      textTerms: packTerms(profile.text),
      figures: figureTexts(profile.text),
      firstPublishedAt: profile.firstPublishedAt,
      lastPublishedAt: profile.lastPublishedAt,
      size: profile.size,
    })),
  );
}

/** A story placed, as a later placement looks it up until it is committed. */
function uncommittedStoryOf(
  story: NewStory & { id: number; cluster_id: number; near_duplicate_bands: number[] | null; near_duplicate_keys: number[] | null },
): UncommittedStory {
  return {
    id: story.id,
    feedId: story.feed_id,
    clusterId: story.cluster_id,
    canonicalUrl: story.canonical_url ?? null,
    nearDuplicateBands: story.near_duplicate_bands,
    nearDuplicateKeys: story.near_duplicate_keys,
  };
}

/** The watches a story's row matches, its feed's title read as the stored story's would be. */
function watchHitsOf(matcher: WatchMatcher, feed: FeedTitle, row: NewStory): WatchHit[] {
  return matcher.match(matchDocumentOf({ ...row, feed_title: feed.title }));
}

function newStory(feedId: number, item: NormalizedItem): NewStory {
  return {
    feed_id: feedId,
    dedupe_key: item.dedupeKey,
    guid: item.guid,
    url: item.url,
    canonical_url: item.canonicalUrl,
    title: item.title,
    summary_text: item.summaryText,
    content_html: item.contentHtml,
    content_text: item.contentText,
    author: item.author,
    language: item.language,
    published_at: item.publishedAt,
    content_hash: item.contentHash,
    cluster_id: null,
  };
}
