import { sql, type Kysely } from 'kysely';

/**
 * The insert trigger of `story_near_duplicate_keys` (2026_12_07_180000) adds a new story's
 * pairs with a plain insert: its `on conflict do nothing` made each pair a speculative
 * insertion, about twice the cost (300,000 pairs: 1.40–1.46 s against 0.70–0.83 s in psql),
 * and the trigger runs inside the stories' insert, under the cluster locks. A new story's
 * pairs cannot exist yet (the story id is new); a key repeated in its own array is dropped
 * per story, which costs nothing measurable. The update trigger keeps its guard: it is rare.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function stories_add_near_duplicate_keys() returns trigger language plpgsql as $$
    begin
      insert into story_near_duplicate_keys (key, story_id)
      select k, n.id from added n, lateral (select distinct unnest(n.near_duplicate_keys)) u(k);
      return null;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function stories_add_near_duplicate_keys() returns trigger language plpgsql as $$
    begin
      insert into story_near_duplicate_keys (key, story_id)
      select k, n.id from added n, unnest(n.near_duplicate_keys) k
      on conflict do nothing;
      return null;
    end $$`.execute(db);
}
