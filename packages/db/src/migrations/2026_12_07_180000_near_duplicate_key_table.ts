import { sql, type Kysely } from 'kysely';

/**
 * The near-duplicate lookup keys move from a GIN index on `stories.near_duplicate_keys` to a
 * table of (key, story) pairs under a b-tree, kept by triggers as an index is kept. A batch
 * of 1,000 new stories looks up ~6,000 keys, nearly all absent: the GIN index took 92–137 ms
 * for that (one entry-tree descent per key, 18,000 buffers), the b-tree 17–22 ms — inside the
 * cluster locks, where every writer waits for it (bench/poll-cycle/README.md, tenth session).
 * The column stays: the triggers read it, and the rows it came from.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table story_near_duplicate_keys (key integer not null, story_id integer not null, primary key (key, story_id))`.execute(db);
  await sql`
    insert into story_near_duplicate_keys (key, story_id)
    select distinct k, s.id from stories s, unnest(s.near_duplicate_keys) k`.execute(db);
  await db.schema.dropIndex('stories_near_duplicate_idx').execute();

  // Statement triggers with transition tables: one insert of a batch's keys per statement.
  // A new story's pairs cannot exist yet (its id is new), so they go in by a plain insert, a
  // key repeated in its own array once: `on conflict do nothing` made each pair a
  // speculative insertion, twice the cost (300,000 pairs: 1.40–1.46 s against 0.70–0.83 s),
  // inside the stories' insert and so under the cluster locks. A deleted story's pairs are
  // found through its own keys, by the primary key.
  await sql`
    create function stories_add_near_duplicate_keys() returns trigger language plpgsql as $$
    begin
      insert into story_near_duplicate_keys (key, story_id)
      select k, n.id from added n, lateral (select distinct unnest(n.near_duplicate_keys)) u(k);
      return null;
    end $$`.execute(db);
  await sql`
    create function stories_drop_near_duplicate_keys() returns trigger language plpgsql as $$
    begin
      delete from story_near_duplicate_keys d using removed o
      where d.story_id = o.id and d.key = any(o.near_duplicate_keys);
      return null;
    end $$`.execute(db);
  // Transition tables cannot go with a column list: every update is seen, and only rows whose
  // keys changed are touched (rare: this one keeps its conflict guard).
  await sql`
    create function stories_change_near_duplicate_keys() returns trigger language plpgsql as $$
    begin
      delete from story_near_duplicate_keys d using removed o, added n
      where o.id = n.id and o.near_duplicate_keys is distinct from n.near_duplicate_keys
        and d.story_id = o.id and d.key = any(o.near_duplicate_keys);
      insert into story_near_duplicate_keys (key, story_id)
      select k, n.id from removed o join added n on o.id = n.id, unnest(n.near_duplicate_keys) k
      where o.near_duplicate_keys is distinct from n.near_duplicate_keys
      on conflict do nothing;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger stories_add_near_duplicate_keys after insert on stories
    referencing new table as added for each statement execute function stories_add_near_duplicate_keys()`.execute(db);
  await sql`
    create trigger stories_drop_near_duplicate_keys after delete on stories
    referencing old table as removed for each statement execute function stories_drop_near_duplicate_keys()`.execute(db);
  await sql`
    create trigger stories_change_near_duplicate_keys after update on stories
    referencing old table as removed new table as added for each statement execute function stories_change_near_duplicate_keys()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger stories_change_near_duplicate_keys on stories`.execute(db);
  await sql`drop trigger stories_drop_near_duplicate_keys on stories`.execute(db);
  await sql`drop trigger stories_add_near_duplicate_keys on stories`.execute(db);
  await sql`drop function stories_change_near_duplicate_keys()`.execute(db);
  await sql`drop function stories_drop_near_duplicate_keys()`.execute(db);
  await sql`drop function stories_add_near_duplicate_keys()`.execute(db);
  await sql`create index stories_near_duplicate_idx on stories using gin (near_duplicate_keys) with (fastupdate = off)`.execute(db);
  await sql`drop table story_near_duplicate_keys`.execute(db);
}
