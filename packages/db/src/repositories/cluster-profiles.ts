import { sql, type Kysely, type Transaction } from 'kysely';
import { anyInteger } from '../bind-limit';
import type { Database } from '../database';
import type { ClusterProfileRow } from '../schema/story';
import { integerArray } from '../array-parameter';

type Db = Kysely<Database> | Transaction<Database>;

/*
 * What event clustering stores besides the clusters (ingest's cluster/ folder holds the
 * algorithm): term document frequencies for IDF and each cluster's profile. Set at a time, like cluster-batches.ts: arrays travel as one
 * parameter each, so no statement grows with the batch.
 */

/** The term number whose `term_counts` row counts every story (no term is numbered 0). */
const TOTAL_TERM = 0;

/** Stories stored, and how many of them hold each of these terms (by number; absent: none). */
export async function findTermDocumentCounts(db: Db, terms: readonly number[]): Promise<{ total: number; counts: Map<number, number> }> {
  // One primary-key probe per term, whatever the planner knows: `term_id = any(…)` over
  // thousands of terms was planned as a scan, and so was a join on a table without statistics
  // (PGlite never analyzes; a first poll adds millions of terms).
  const rows = await sql<{ term_id: number; doc_count: number }>`
    select t.term_id, s.doc_count from unnest(${integerArray([TOTAL_TERM, ...new Set(terms)])}) as t(term_id)
    cross join lateral (select doc_count from term_counts where term_counts.term_id = t.term_id) as s`
    .execute(db)
    .then((r) => r.rows);
  const counts = new Map(rows.map((r) => [r.term_id, Number(r.doc_count)]));
  const total = counts.get(TOTAL_TERM) ?? 0;
  counts.delete(TOTAL_TERM);
  return { total, counts };
}

/**
 * Counts `documents` more stories and, per term (by number), the stories among them holding
 * it. Rows are written in term order, so two writers never wait on each other in a cycle, and
 * in statements of {@link TERM_ROWS_PER_STATEMENT}: PGlite runs each on the process's one
 * thread, and one statement of 50,000 new terms held it for seconds (feeds timed out).
 */
export async function addTermDocumentCounts(db: Db, documents: number, counts: ReadonlyMap<number, number>): Promise<void> {
  if (documents === 0) return;
  const rows: [number, number][] = [[TOTAL_TERM, documents], ...counts];
  rows.sort(([a], [b]) => a - b);
  for (let start = 0; start < rows.length; start += TERM_ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + TERM_ROWS_PER_STATEMENT);
    await sql`
      insert into term_counts (term_id, doc_count)
      select term_id, doc_count from unnest(${integerArray(chunk.map(([t]) => t))}, ${integerArray(chunk.map(([, n]) => n))}) as v(term_id, doc_count)
      order by term_id
      on conflict (term_id) do update set doc_count = term_counts.doc_count + excluded.doc_count`.execute(db);
  }
}

const TERM_ROWS_PER_STATEMENT = 2_000;

/** Profile columns read back (the writer's process and transaction are only filters). */
export type StoredClusterProfile = Omit<ClusterProfileRow, 'written_by' | 'written_xid'>;

const PROFILE_COLUMNS = [
  'cluster_id',
  'title_vector',
  'text_vector',
  'title_terms',
  'text_terms',
  'figures',
  'first_published_at',
  'last_published_at',
  'size',
] as const;

/** Profiles of clusters whose latest story was published in [`since`, `before`). */
export async function findClusterProfilesPublished(db: Db, since: Date, before: Date | null): Promise<StoredClusterProfile[]> {
  let query = db.selectFrom('cluster_profiles').select(PROFILE_COLUMNS).where('last_published_at', '>=', since);
  if (before) query = query.where('last_published_at', '<', before);
  return query.execute();
}

/** The stored profiles of these clusters (clusters without one are left out). */
export async function findClusterProfiles(db: Db, clusterIds: readonly number[]): Promise<StoredClusterProfile[]> {
  if (clusterIds.length === 0) return [];
  return db
    .selectFrom('cluster_profiles')
    .select(PROFILE_COLUMNS)
    .where('cluster_id', '=', anyInteger([...new Set(clusterIds)]))
    .execute();
}

/**
 * Profiles another process wrote in transactions not finished when `xmin` was taken (see
 * `snapshotXmin`), of clusters whose latest story is not older than `since`: what a process's
 * copy of the recent profiles lacks. Transactions that finished before are in the copy already.
 */
export async function findClusterProfilesWrittenSince(db: Db, xmin: string, exceptWriter: number, since: Date): Promise<StoredClusterProfile[]> {
  return db
    .selectFrom('cluster_profiles')
    .select(PROFILE_COLUMNS)
    .where(sql<boolean>`written_xid >= ${xmin}::xid8`)
    .where('written_by', '<>', exceptWriter)
    .where('last_published_at', '>=', since)
    .execute();
}

/** The oldest transaction still running as seen now: every transaction before it has finished. */
export async function snapshotXmin(db: Db): Promise<string> {
  const { rows } = await sql<{ xmin: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`.execute(db);
  return rows[0]!.xmin;
}

/** A cluster's new profile, vectors packed as ingest's cluster-profile.ts packs them. */
export interface ClusterProfileWrite {
  clusterId: number;
  titleTerms: Uint8Array;
  textTerms: Uint8Array;
  figures: string;
  firstPublishedAt: Date;
  lastPublishedAt: Date;
  size: number;
}

/** Writes these clusters' profiles in one statement, marked as written by `writer` in this transaction. */
export async function saveClusterProfiles(db: Db, writer: number, profiles: readonly ClusterProfileWrite[]): Promise<void> {
  if (profiles.length === 0) return;
  // The packed vectors travel as one base64 text parameter, cut apart by offset: a bytea[]
  // parameter is sent as text, every byte as two hex digits built and escaped in this process,
  // and PGlite took 23 ms to pass a 84 KB bytea parameter (3 ms as base64 text).
  const packed = Buffer.concat(profiles.flatMap((p) => [p.titleTerms, p.textTerms])).toString('base64');
  const titleAt: number[] = [];
  const textAt: number[] = [];
  let at = 1;
  for (const p of profiles) {
    titleAt.push(at);
    textAt.push(at + p.titleTerms.byteLength);
    at += p.titleTerms.byteLength + p.textTerms.byteLength;
  }
  await sql`
    insert into cluster_profiles (cluster_id, title_terms, text_terms, figures, first_published_at, last_published_at, size, written_by)
    select v.cluster_id, substring(b.packed from v.title_at for v.title_length), substring(b.packed from v.text_at for v.text_length),
      v.figures, v.first_published_at, v.last_published_at, v.size, ${writer}::integer
    from (select decode(${packed}, 'base64') as packed) as b, unnest(
      ${integerArray(profiles.map((p) => p.clusterId))}, ${integerArray(titleAt)}, ${integerArray(profiles.map((p) => p.titleTerms.byteLength))},
      ${integerArray(textAt)}, ${integerArray(profiles.map((p) => p.textTerms.byteLength))}, ${profiles.map((p) => p.figures)}::text[],
      ${profiles.map((p) => p.firstPublishedAt.toISOString())}::timestamptz[],
      ${profiles.map((p) => p.lastPublishedAt.toISOString())}::timestamptz[], ${integerArray(profiles.map((p) => p.size))})
      as v(cluster_id, title_at, title_length, text_at, text_length, figures, first_published_at, last_published_at, size)
    on conflict (cluster_id) do update set title_vector = null, text_vector = null, title_terms = excluded.title_terms,
      text_terms = excluded.text_terms, figures = excluded.figures,
      first_published_at = excluded.first_published_at, last_published_at = excluded.last_published_at, size = excluded.size,
      written_by = excluded.written_by, written_xid = pg_current_xact_id()`.execute(db);
}

/**
 * Retires the profiles of those of these clusters that have no story left (their feed was
 * deleted): size 0, no terms, written by no process (0), so every process's copy of the recent
 * profiles reads the change at its next catch-up and drops them (stored-recent-clusters.ts).
 * A profile outliving its stories would still draw new stories on the words they shared
 * ("deal signed") — into a cluster whose alerts were sent, so theirs never would be. The
 * cluster's row stays: alerts sent for it keep their link, and a writer placing into it at
 * that moment does not break a foreign key.
 */
export async function retireEmptiedClusterProfiles(db: Db, clusterIds: readonly number[]): Promise<void> {
  if (clusterIds.length === 0) return;
  await sql`
    update cluster_profiles set size = 0, title_vector = null, text_vector = null, title_terms = null, text_terms = null,
      figures = null, written_by = 0, written_xid = pg_current_xact_id()
    where cluster_id = ${anyInteger([...new Set(clusterIds)])}
      and not exists (select 1 from stories where stories.cluster_id = cluster_profiles.cluster_id)`.execute(db);
}
