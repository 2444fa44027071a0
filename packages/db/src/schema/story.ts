import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface StoryTable {
  id: Generated<number>;
  feed_id: number;
  /** guid when the item has one, else its URL: unique per feed. */
  dedupe_key: string;
  guid: string | null;
  url: string | null;
  canonical_url: string | null;
  title: string;
  summary_text: string;
  content_html: string;
  content_text: string;
  author: string | null;
  language: string | null;
  published_at: Date;
  fetched_at: Generated<Date>;
  content_hash: string;
  cluster_id: number | null;
  /** Generated tsvector; never written. */
  search: Generated<string>;
  /** SimHash of title and lede in four bands (ingest's near-duplicate.ts); null when too short. */
  near_duplicate_bands: ColumnType<number[] | null, number[] | null | undefined, number[] | null>;
  /** Lookup keys from pairs of those bands, GIN-indexed; null when there is no fingerprint. */
  near_duplicate_keys: ColumnType<number[] | null, number[] | null | undefined, number[] | null>;
}
export type Story = Omit<Selectable<StoryTable>, 'search' | 'near_duplicate_bands' | 'near_duplicate_keys'>;
export type NewStory = Omit<Insertable<StoryTable>, 'search'>;
export type StoryUpdate = Omit<Updateable<StoryTable>, 'search'>;

export interface ClusterTable {
  id: Generated<number>;
  first_seen_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  size: Generated<number>;
  sources_count: Generated<number>;
  representative_story_id: number | null;
}
export type Cluster = Selectable<ClusterTable>;

/** Stories holding each term; the empty term's row counts all stories (IDF for clustering). */
export interface TermCountTable {
  term_id: number;
  doc_count: number;
}

/**
 * A cluster's profile as ingest's cluster-profile.ts keeps it: centroid vectors (headlines,
 * whole text) as `term weight term weight …` text, and which process wrote it in which
 * transaction, so each process's copy of the recent profiles catches up with the others' writes.
 */
export interface ClusterProfileTable {
  cluster_id: number;
  /** Vectors as text (rows written before 2026-12-06), or null when packed below. */
  title_vector: string | null;
  text_vector: string | null;
  /** Packed vectors (ingest's cluster-profile.ts): term numbers, then weights. */
  title_terms: Buffer | null;
  text_terms: Buffer | null;
  /** The text vector's number terms as text, space-separated. */
  figures: string | null;
  first_published_at: Date;
  last_published_at: Date;
  size: number;
  /** The writing process's random id. */
  written_by: number;
  /** The writing transaction (`pg_current_xact_id()`, an xid8 as text). */
  written_xid: ColumnType<string, string | undefined, string>;
}
export type ClusterProfileRow = Selectable<ClusterProfileTable>;

export type TriageState = 'new' | 'reviewed' | 'starred' | 'dismissed';
export interface StoryStateTable {
  story_id: number;
  state: TriageState;
  updated_at: Generated<Date>;
}

/** A feed's first-poll item waiting to be placed and stored as a story (ingest's place-backlog.ts). */
export interface BacklogItemTable {
  id: Generated<number>;
  feed_id: number;
  dedupe_key: string;
  published_at: Date;
  /** The item as ingest read it (its NormalizedItem, as JSON). */
  item: unknown;
}
export type BacklogItem = Selectable<BacklogItemTable>;
