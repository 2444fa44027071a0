import type { CandidateTally } from './candidate-tally';
import type { ClusterProfile } from './cluster-profile';
import { CLUSTER_INDEX_TERMS, CLUSTERS_PER_TERM, rankCandidates } from './rare-terms';
import { TermPostings } from './term-postings';
import { TermVector, topTermIds } from './term-vector';
import { sharedVocabulary, type Vocabulary } from './vocabulary';

/**
 * Clusters a term's list keeps, the most recently grown: a lookup reads at most
 * {@link CLUSTERS_PER_TERM} of them, the recent ones.
 */
const TERM_LIST_KEPT = 8 * CLUSTERS_PER_TERM;

/** A cluster held: where its vectors lie in the pool, its first story's time and its size (the latest's lies in its slot's record). */
interface Entry {
  clusterId: number;
  firstPublishedAt: number;
  size: number;
  textAt: number;
  textLength: number;
  titleAt: number;
  titleLength: number;
  textNorm: number;
  titleNorm: number;
  /** Its number in the index (term-postings.ts): a slot, freed when it is forgotten. */
  slot: number;
  /** Its profile as last read (a candidate is scored against many stories), until it changes. */
  view: ClusterProfile | null;
}

/** A slot's record: four numbers (a cache line holds two), of which three are used. */
const SLOT_RECORD = 4;
const SLOT_VERSION = 0;
const SLOT_LATEST = 1;
const SLOT_CLUSTER = 2;

/** Profiles read and kept at most: beyond, all are dropped (a few hundred bytes each). */
const VIEWS_KEPT = 20_000;

/**
 * The profiles of recent clusters and their rare-term index, in memory: what placement compares
 * a new story with, without reading candidate rows and profiles for every batch (a 100,000-story
 * poll cycle read 12 million index rows and half a million profiles). The vectors of every
 * cluster lie in one pair of typed arrays, so 100,000 clusters are a few hundred thousand small
 * objects fewer for the garbage collector. Each cluster is indexed under its
 * {@link CLUSTER_INDEX_TERMS} heaviest centroid terms (term-postings.ts); a term lists its
 * clusters most recently grown first. Used by the in-memory clusterer and, kept in step with the database by
 * `StoredRecentClusters`, by the storing stage.
 */
export class RecentClusters {
  readonly vocabulary: Vocabulary;
  readonly #entries = new Map<number, Entry>();
  #bySlot: (Entry | undefined)[] = [];
  readonly #freeSlots: number[] = [];
  /**
   * Per slot, side by side, what a lookup reads of it (a dozen lists of a dozen postings for every
   * story placed; one record read instead of an entry object besides): the version of what it
   * holds, its latest story's time (ms) and its cluster's id. The version is bumped whenever its
   * cluster is re-put or forgotten, so postings of an older profile (its former heaviest terms,
   * or the same terms before it grew) are skipped at once, and a term's list holds each live
   * cluster once.
   */
  #slotRecords = new Float64Array(1024 * SLOT_RECORD);
  readonly #postings = new TermPostings();
  #ids = new Int32Array(1 << 16);
  #weights = new Float32Array(1 << 16);
  #used = 0;
  #wasted = 0;
  #views: Entry[] = [];

  constructor(vocabulary: Vocabulary = sharedVocabulary) {
    this.vocabulary = vocabulary;
  }

  /** Clusters held. */
  get size(): number {
    return this.#entries.size;
  }

  has(clusterId: number): boolean {
    return this.#entries.has(clusterId);
  }

  /** The profile of a held cluster (views on the pool; not to be changed). */
  profile(clusterId: number): ClusterProfile | undefined {
    const entry = this.#entries.get(clusterId);
    if (!entry) return undefined;
    if (entry.view) return entry.view;
    if (this.#views.length >= VIEWS_KEPT) this.#dropViews();
    this.#views.push(entry);
    entry.view = {
      text: this.#vector(entry.textAt, entry.textLength, entry.textNorm),
      title: this.#vector(entry.titleAt, entry.titleLength, entry.titleNorm),
      firstPublishedAt: new Date(entry.firstPublishedAt),
      lastPublishedAt: new Date(this.#latestOf(entry)),
      size: entry.size,
    };
    return entry.view;
  }

  #dropViews(): void {
    for (const entry of this.#views) entry.view = null;
    this.#views = [];
  }

  /** Holds this cluster's profile (replacing what was held) and indexes it under its heaviest terms. */
  put(clusterId: number, profile: ClusterProfile): void {
    this.#makeRoom(profile.text.size + profile.title.size);
    let entry = this.#entries.get(clusterId);
    if (entry) {
      this.#wasted += entry.textLength + entry.titleLength;
      entry.view = null;
    } else {
      entry = {
        clusterId,
        firstPublishedAt: 0,
        size: 0,
        textAt: 0,
        textLength: 0,
        titleAt: 0,
        titleLength: 0,
        textNorm: 0,
        titleNorm: 0,
        slot: this.#takeSlot(),
        view: null,
      };
      this.#entries.set(clusterId, entry);
      this.#bySlot[entry.slot] = entry;
    }
    entry.firstPublishedAt = profile.firstPublishedAt.getTime();
    entry.size = profile.size;
    entry.textAt = this.#append(profile.text);
    entry.textLength = profile.text.size;
    entry.titleAt = this.#append(profile.title);
    entry.titleLength = profile.title.size;
    entry.textNorm = profile.text.norm;
    entry.titleNorm = profile.title.norm;
    const record = entry.slot * SLOT_RECORD;
    const version = ++this.#slotRecords[record + SLOT_VERSION]!;
    this.#slotRecords[record + SLOT_LATEST] = profile.lastPublishedAt.getTime();
    this.#slotRecords[record + SLOT_CLUSTER] = clusterId;
    for (const id of topTermIds(profile.text, CLUSTER_INDEX_TERMS)) this.#postings.add(id, entry.slot, version);
    if (this.#wasted > 1 << 20 && this.#wasted > this.#used / 2) this.#compact();
    // Clusters re-put as they grow leave their older postings behind.
    if (this.#postings.size > 2 * CLUSTER_INDEX_TERMS * this.#entries.size + (1 << 20)) this.#tidyPostings();
  }

  /** Forgets a cluster. */
  delete(clusterId: number): void {
    const entry = this.#entries.get(clusterId);
    if (!entry) return;
    this.#entries.delete(clusterId);
    entry.view = null;
    this.#bySlot[entry.slot] = undefined;
    this.#slotRecords[entry.slot * SLOT_RECORD + SLOT_VERSION]!++;
    this.#freeSlots.push(entry.slot);
    this.#wasted += entry.textLength + entry.titleLength;
  }

  /** Forgets every cluster whose latest story is older than `before` (ms); returns how many. */
  evictOlderThan(before: number): number {
    let evicted = 0;
    for (const entry of [...this.#entries.values()]) {
      if (this.#latestOf(entry) >= before) continue;
      this.delete(entry.clusterId);
      evicted++;
    }
    if (evicted > 0) this.#tidyPostings();
    return evicted;
  }

  /** Forgets everything. */
  clear(): void {
    for (const clusterId of [...this.#entries.keys()]) this.delete(clusterId);
    this.#postings.clear();
    this.#views = [];
    this.#used = 0;
    this.#wasted = 0;
  }

  /**
   * Counts into `tally` at most `room` clusters indexed under `term` whose latest story is not
   * older than `since` (ms), most recently grown first; returns how many. A plain loop over the
   * postings: it runs a dozen times for every story placed.
   */
  tallyUnder(term: number, since: number, tally: CandidateTally, room: number): number {
    const records = this.#slotRecords;
    let added = 0;
    let posting = this.#postings.first(term);
    for (let n = 0; posting !== 0 && n < TERM_LIST_KEPT && added < room; n++) {
      const record = this.#postings.slotAt(posting) * SLOT_RECORD;
      if (this.#postings.versionAt(posting) === records[record + SLOT_VERSION] && records[record + SLOT_LATEST]! >= since) {
        tally.add(records[record + SLOT_CLUSTER]!);
        added++;
      }
      posting = this.#postings.nextOf(posting);
    }
    return added;
  }

  /** A story's candidate clusters: found under its lookup terms, those sharing the most first (rare-terms.ts). */
  candidates(lookupTerms: readonly number[], since: number): number[] {
    return rankCandidates(lookupTerms, (term, tally, room) => this.tallyUnder(term, since, tally, room));
  }

  /** Drops outdated postings, and all but each term's newest. */
  #tidyPostings(): void {
    this.#postings.rebuild(TERM_LIST_KEPT, (slot, version) => version === this.#slotRecords[slot * SLOT_RECORD + SLOT_VERSION]);
  }

  /** When the cluster's latest story was published (ms): its slot's record holds it. */
  #latestOf(entry: Entry): number {
    return this.#slotRecords[entry.slot * SLOT_RECORD + SLOT_LATEST]!;
  }

  #takeSlot(): number {
    const free = this.#freeSlots.pop();
    if (free !== undefined) return free;
    const slot = this.#bySlot.length;
    this.#bySlot.push(undefined);
    if ((slot + 1) * SLOT_RECORD > this.#slotRecords.length) {
      const grown = new Float64Array(this.#slotRecords.length * 2);
      grown.set(this.#slotRecords);
      this.#slotRecords = grown;
    }
    return slot;
  }

  #vector(at: number, length: number, norm?: number): TermVector {
    return new TermVector(this.#ids.subarray(at, at + length), this.#weights.subarray(at, at + length), this.vocabulary, norm);
  }

  #append(vector: TermVector): number {
    if (vector.vocabulary !== this.vocabulary) throw new Error('cluster: a vector of another vocabulary');
    if (this.#used + vector.size > this.#ids.length) this.#grow(this.#used + vector.size);
    const at = this.#used;
    this.#ids.set(vector.ids, at);
    this.#weights.set(vector.weights, at);
    this.#used += vector.size;
    return at;
  }

  /**
   * Room in the pool for `size` more: a full pool a quarter waste is compacted rather than grown
   * (one copy either way). Before a put changes its entry, so every entry's range is its own.
   */
  #makeRoom(size: number): void {
    if (this.#used + size <= this.#ids.length) return;
    if (this.#wasted > this.#used / 4) this.#compact(size);
    if (this.#used + size > this.#ids.length) this.#grow(this.#used + size);
  }

  /** Half as large again (not doubled: old and new arrays are both held while copying, the process's peak). */
  #grow(needed: number): void {
    const length = Math.max(needed, Math.ceil(this.#ids.length * 1.5));
    const ids = new Int32Array(length);
    const weights = new Float32Array(length);
    ids.set(this.#ids.subarray(0, this.#used));
    weights.set(this.#weights.subarray(0, this.#used));
    this.#ids = ids;
    this.#weights = weights;
    this.#dropViews();
  }

  /**
   * Copies the held vectors into fresh arrays, leaving out what replaced or forgotten clusters
   * left, with room for `extra` more and a quarter to grow.
   */
  #compact(extra = 0): void {
    const live = this.#used - this.#wasted;
    const length = Math.max(1 << 16, Math.ceil((live + extra) * 1.25));
    const ids = new Int32Array(length);
    const weights = new Float32Array(length);
    let used = 0;
    const move = (at: number, size: number) => {
      ids.set(this.#ids.subarray(at, at + size), used);
      weights.set(this.#weights.subarray(at, at + size), used);
      used += size;
      return used - size;
    };
    for (const entry of this.#entries.values()) {
      entry.textAt = move(entry.textAt, entry.textLength);
      entry.titleAt = move(entry.titleAt, entry.titleLength);
    }
    this.#ids = ids;
    this.#weights = weights;
    this.#used = used;
    this.#wasted = 0;
    this.#dropViews();
  }
}
