import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { StoredSpan } from './stored-span';

export interface WatchTable {
  id: Generated<number>;
  name: string;
  query: string;
  enabled: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Why the watch was last skipped (query no longer compiles, or failed on a story); null once edited. */
  last_error: string | null;
  last_error_at: Date | null;
  /** Set (by a trigger) when the watch is created or its query changes or it is enabled again; cleared by the re-match that follows. */
  rematch_due_at: Date | null;
}
export type Watch = Selectable<WatchTable>;
export type NewWatch = Insertable<WatchTable>;
export type WatchUpdate = Updateable<WatchTable>;

/** A watch that matched a story, and where: the spans a `matches` row stores. */
export interface WatchHit {
  watchId: number;
  spans: StoredSpan[];
}

export interface MatchTable {
  id: Generated<number>;
  story_id: number;
  watch_id: number;
  spans: StoredSpan[];
  matched_at: Generated<Date>;
  /** The story's `published_at`, copied by a trigger on insert (and moved with the story). */
  published_at: Generated<Date>;
}
export type Match = Selectable<MatchTable>;
export type NewMatch = Insertable<MatchTable>;

/** Matches of a watch per UTC day of publication, kept by triggers on `matches`. */
export interface WatchMatchDayTable {
  watch_id: number;
  day: Date;
  count: number;
}
