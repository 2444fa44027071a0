import { randomInt } from 'node:crypto';
import {
  findClusterProfiles,
  findClusterProfilesPublished,
  findClusterProfilesWrittenSince,
  snapshotXmin,
  type Database,
  type Kysely,
  type StoredClusterProfile,
  type Transaction,
} from '@newswatch/db';
import { decodeVector, learnFigures, unpackTerms, type ClusterProfile } from './cluster-profile';
import { CANDIDATE_WINDOW_HOURS } from './rare-terms';
import { RecentClusters } from './recent-clusters';

const HOUR_MS = 3_600_000;
/** Clusters are kept a day past the candidate window, so a late feed's items rarely reload them. */
const KEEP_HOURS = CANDIDATE_WINDOW_HOURS + 24;

function profileFromStored(row: StoredClusterProfile): ClusterProfile {
  learnFigures(row.figures ?? '');
  return {
    title: row.title_terms ? unpackTerms(row.title_terms) : decodeVector(row.title_vector ?? ''),
    text: row.text_terms ? unpackTerms(row.text_terms) : decodeVector(row.text_vector ?? ''),
    firstPublishedAt: new Date(row.first_published_at),
    lastPublishedAt: new Date(row.last_published_at),
    size: row.size,
  };
}

/**
 * This process's copy of the recent clusters' profiles (`RecentClusters`), kept in step with
 * `cluster_profiles`: what this process writes it puts in the copy itself; what other processes
 * wrote it reads after taking the cluster locks — the rows of transactions that had not
 * finished when it last looked (`snapshotXmin`), a handful per batch instead of every
 * candidate's. It holds every cluster whose latest story is not older than its floor; a batch
 * placing older stories loads the range first.
 */
export class StoredRecentClusters {
  readonly clusters = new RecentClusters();
  /** Marks this process's writes, which it never needs to read back. */
  readonly writer = randomInt(1, 2 ** 31 - 1);
  #floor: number | null = null;
  #xmin: string | null = null;
  #latest = 0;
  #queue: Promise<void> = Promise.resolve();

  /**
   * Brings the copy up to date for placing stories published from `earliest` to `latest`
   * (ms), inside the placing transaction, after the cluster locks are taken: whatever a writer
   * holding the same locks committed before is then in the copy. One catch-up at a time.
   */
  catchUp(trx: Transaction<Database>, earliest: number, latest: number): Promise<void> {
    const run = this.#queue.then(() => this.#catchUp(trx, earliest - CANDIDATE_WINDOW_HOURS * HOUR_MS, latest));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Adds the stored profiles of these clusters when the copy lacks them: clusters older than
   * the window that a copy of one of their stories joins (by URL or near-duplicate).
   */
  async include(trx: Transaction<Database>, clusterIds: readonly number[]): Promise<void> {
    const missing = clusterIds.filter((id) => !this.clusters.has(id));
    if (missing.length === 0) return;
    for (const row of await findClusterProfiles(trx, missing)) this.#keep(row);
  }

  /** Forgets everything (a failed transaction may have left profiles that were never stored); the next catch-up reloads. */
  reset(): void {
    this.clusters.clear();
    this.#floor = null;
    this.#xmin = null;
  }

  /** Puts a stored profile in the copy; a retired one (size 0: its stories are gone) leaves it. */
  #keep(row: StoredClusterProfile): void {
    const clusterId = Number(row.cluster_id);
    if (row.size === 0) this.clusters.delete(clusterId);
    else this.clusters.put(clusterId, profileFromStored(row));
  }

  async #catchUp(trx: Transaction<Database>, since: number, latest: number): Promise<void> {
    const xmin = await snapshotXmin(trx);
    const rows: StoredClusterProfile[] = [];
    if (this.#floor === null) rows.push(...(await findClusterProfilesPublished(trx, new Date(since), null)));
    else {
      if (since < this.#floor) rows.push(...(await findClusterProfilesPublished(trx, new Date(since), new Date(this.#floor))));
      rows.push(...(await findClusterProfilesWrittenSince(trx, this.#xmin!, this.writer, new Date(Math.min(since, this.#floor)))));
    }
    this.#floor = this.#floor === null ? since : Math.min(since, this.#floor);
    this.#xmin = xmin;
    for (const row of rows) this.#keep(row);
    // Old clusters leave the copy once the news has moved on past the window (a feed's future
    // dates do not count: they would empty it).
    this.#latest = Math.max(this.#latest, Math.min(latest, Date.now()));
    const horizon = Math.min(since, this.#latest - KEEP_HOURS * HOUR_MS);
    if (horizon > this.#floor + HOUR_MS) {
      this.clusters.evictOlderThan(horizon);
      this.#floor = horizon;
    }
  }
}

const copies = new WeakMap<Kysely<Database>, StoredRecentClusters>();

/** The copy of this database handle: one per process and database, shared by its writers. */
export function storedRecentClustersOf(db: Kysely<Database>): StoredRecentClusters {
  let copy = copies.get(db);
  if (!copy) copies.set(db, (copy = new StoredRecentClusters()));
  return copy;
}
