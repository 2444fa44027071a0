import { sql, type Kysely, type Transaction } from 'kysely';
import { anyInteger } from '../bind-limit';
import type { Database } from '../database';
import type { ClusterProfileRow, StoredClusterVectors } from '../schema/story';

type Db = Kysely<Database> | Transaction<Database>;

/*
 * What event clustering stores besides the clusters (ingest's cluster/ folder holds the
 * algorithm): term document frequencies for IDF, each cluster's profile, and the rare-term
 * index candidates come from. Set at a time, like cluster-batches.ts: arrays travel as one
 * parameter each, so no statement grows with the batch.
 */

/** The term whose `term_stats` row counts every story. */
const TOTAL_TERM = '';

/** Stories stored, and how many of them hold each of `terms` (absent: none). */
export async function findTermDocumentCounts(db: Db, terms: readonly string[]): Promise<{ total: number; counts: Map<string, number> }> {
  // One primary-key probe per term: `term = any(…)` over thousands of terms was planned as a scan.
  const rows = await sql<{ term: string; doc_count: number }>`
    select s.term, s.doc_count from unnest(${[TOTAL_TERM, ...new Set(terms)]}::text[]) as t(term) join term_stats s on s.term = t.term`
    .execute(db)
    .then((r) => r.rows);
  const counts = new Map(rows.map((r) => [r.term, Number(r.doc_count)]));
  const total = counts.get(TOTAL_TERM) ?? 0;
  counts.delete(TOTAL_TERM);
  return { total, counts };
}

/**
 * Counts `documents` more stories and, per term, the stories among them holding it. Rows are
 * written in term order, so two writers never wait on each other in a cycle.
 */
export async function addTermDocumentCounts(db: Db, documents: number, counts: ReadonlyMap<string, number>): Promise<void> {
  if (documents === 0) return;
  const rows = [[TOTAL_TERM, documents] as const, ...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  await sql`
    insert into term_stats (term, doc_count)
    select term, doc_count from unnest(${rows.map(([t]) => t)}::text[], ${rows.map(([, n]) => n)}::integer[]) as v(term, doc_count)
    order by term
    on conflict (term) do update set doc_count = term_stats.doc_count + excluded.doc_count`.execute(db);
}

/**
 * Clusters indexed under any of `terms` whose latest story is not older than `since`, with how
 * many of the terms each shares: the candidates a new story is compared with. An index range
 * per term; the archive is never read.
 */
export async function findClustersByTerms(db: Db, terms: readonly string[], since: Date, limit: number): Promise<{ clusterId: number; term: string }[]> {
  if (terms.length === 0) return [];
  const rows = await sql<{ cluster_id: number; term: string }>`
    select ct.cluster_id, ct.term from unnest(${[...new Set(terms)]}::text[]) as t(term)
    cross join lateral (
      select cluster_id, term from cluster_terms
      where cluster_terms.term = t.term and last_published_at >= ${since}
      order by last_published_at desc
      limit ${limit}
    ) as ct`
    .execute(db)
    .then((r) => r.rows);
  return rows.map((r) => ({ clusterId: Number(r.cluster_id), term: r.term }));
}

/** The stored profiles of these clusters (clusters without one are left out). */
export async function findClusterProfiles(db: Db, clusterIds: readonly number[]): Promise<Map<number, ClusterProfileRow>> {
  if (clusterIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('cluster_profiles')
    .selectAll()
    .where('cluster_id', '=', anyInteger([...new Set(clusterIds)]))
    .execute();
  return new Map(rows.map((r) => [Number(r.cluster_id), { ...r, cluster_id: Number(r.cluster_id) }]));
}

/** A cluster's new profile and the terms it is indexed under. */
export interface ClusterProfileWrite {
  clusterId: number;
  vectors: StoredClusterVectors;
  firstPublishedAt: Date;
  lastPublishedAt: Date;
  size: number;
  indexTerms: readonly string[];
}

/** Writes these clusters' profiles and replaces their index terms: three statements for the lot. */
export async function saveClusterProfiles(db: Db, profiles: readonly ClusterProfileWrite[]): Promise<void> {
  if (profiles.length === 0) return;
  const ids = profiles.map((p) => p.clusterId);
  await sql`
    insert into cluster_profiles (cluster_id, vectors, first_published_at, last_published_at, size)
    select * from unnest(
      ${ids}::integer[], ${profiles.map((p) => JSON.stringify(p.vectors))}::jsonb[],
      ${profiles.map((p) => p.firstPublishedAt.toISOString())}::timestamptz[],
      ${profiles.map((p) => p.lastPublishedAt.toISOString())}::timestamptz[], ${profiles.map((p) => p.size)}::integer[])
    on conflict (cluster_id) do update set vectors = excluded.vectors, first_published_at = excluded.first_published_at,
      last_published_at = excluded.last_published_at, size = excluded.size`.execute(db);
  await db.deleteFrom('cluster_terms').where('cluster_id', '=', anyInteger(ids)).execute();
  const rows = profiles.flatMap((p) => p.indexTerms.map((term) => [term, p.clusterId, p.lastPublishedAt.toISOString()] as const));
  if (rows.length === 0) return;
  await sql`
    insert into cluster_terms (term, cluster_id, last_published_at)
    select * from unnest(${rows.map((r) => r[0])}::text[], ${rows.map((r) => r[1])}::integer[], ${rows.map((r) => r[2])}::timestamptz[])`.execute(db);
}

/**
 * Holds, until the transaction ends, a lock on each of these keys (a canonical URL's or a rare
 * term's hash): two writers placing copies of one new event take the same keys, so the second
 * waits, then sees the first's cluster and joins it instead of starting another. Taken in
 * key order, so two writers never wait on each other in a cycle. PGlite has one connection:
 * its transactions never overlap, and the locks cost next to nothing.
 */
export async function lockClusterKeys(db: Transaction<Database>, keys: readonly number[]): Promise<void> {
  if (keys.length === 0) return;
  const sorted = [...new Set(keys)].sort((a, b) => a - b);
  await sql`select pg_advisory_xact_lock(k) from unnest(${sorted}::bigint[]) with ordinality as u(k, n) order by n`.execute(db);
}
