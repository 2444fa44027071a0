import { sql, type Kysely } from 'kysely';

/**
 * Per-watch lists and counts without reading stories (issue 13). `matches` carries its story's
 * `published_at`, so a watch's newest page is one range of the index (watch_id, published_at,
 * story_id) instead of a join over every match of the watch; `watch_match_days` holds each
 * watch's matches per UTC day of publication, for the Watches page's counts and 30-day bars.
 *
 * Triggers keep both, so every write path — ingest, re-match, deleting a story, feed or watch,
 * and whatever writes matches next — keeps them right inside its own transaction:
 * - before a match is inserted its `published_at` is copied from the story, the one source of
 *   truth (a story whose date changes moves its matches along);
 * - after each statement on `matches`, the day counts change by the rows it inserted, deleted or
 *   moved, summed per (watch, day): one write per (watch, day) and statement, not per row.
 *   Additions are `insert … on conflict do update set count = count + excluded.count` in
 *   (watch, day) order: atomic under concurrent writers, who lock shared rows in one order.
 *   Removals only update (a row already gone with its watch stays gone); rows at zero go.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table matches add column published_at timestamptz`.execute(db);
  await sql`update matches set published_at = stories.published_at from stories where stories.id = matches.story_id`.execute(db);
  await sql`alter table matches alter column published_at set not null`.execute(db);
  // Supersedes (watch_id, story_id): lookups by story use the unique (story_id, watch_id).
  await sql`create index matches_watch_published_idx on matches (watch_id, published_at, story_id)`.execute(db);
  await sql`drop index matches_watch_idx`.execute(db);

  await sql`
    create table watch_match_days (
      watch_id integer not null references watches (id) on delete cascade,
      day date not null,
      count integer not null,
      primary key (watch_id, day)
    )`.execute(db);
  await sql`
    insert into watch_match_days (watch_id, day, count)
    select watch_id, (published_at at time zone 'UTC')::date, count(*) from matches group by 1, 2`.execute(db);

  // A story that is not there fails on the foreign key as before: now() only stands in until then.
  await sql`
    create function matches_copy_published_at() returns trigger language plpgsql as $$
    begin
      new.published_at := coalesce((select published_at from stories where id = new.story_id), now());
      return new;
    end $$`.execute(db);
  await sql`
    create trigger matches_copy_published_at before insert on matches
    for each row execute function matches_copy_published_at()`.execute(db);

  await sql`
    create function stories_move_matches() returns trigger language plpgsql as $$
    begin
      update matches set published_at = new.published_at where story_id = new.id;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger stories_move_matches after update of published_at on stories
    for each row when (old.published_at is distinct from new.published_at) execute function stories_move_matches()`.execute(db);

  // Transition tables allow one event per trigger: one function each for insert, delete, update.
  await sql`
    create function watch_match_days_add() returns trigger language plpgsql as $$
    begin
      insert into watch_match_days as d (watch_id, day, count)
      select watch_id, (published_at at time zone 'UTC')::date, count(*) from added_matches group by 1, 2 order by 1, 2
      on conflict (watch_id, day) do update set count = d.count + excluded.count;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger watch_match_days_add after insert on matches
    referencing new table as added_matches for each statement execute function watch_match_days_add()`.execute(db);

  await sql`
    create function watch_match_days_remove() returns trigger language plpgsql as $$
    begin
      update watch_match_days d set count = d.count - gone.n
      from (select watch_id, (published_at at time zone 'UTC')::date as day, count(*) as n from removed_matches group by 1, 2) gone
      where d.watch_id = gone.watch_id and d.day = gone.day;
      delete from watch_match_days d using removed_matches m
      where d.watch_id = m.watch_id and d.day = (m.published_at at time zone 'UTC')::date and d.count <= 0;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger watch_match_days_remove after delete on matches
    referencing old table as removed_matches for each statement execute function watch_match_days_remove()`.execute(db);

  // Updates that keep watch and day (new spans for a changed story) net to nothing and write nothing.
  await sql`
    create function watch_match_days_move() returns trigger language plpgsql as $$
    begin
      -- A key nets either up or down, so the insert and the update never touch one row twice.
      with changes as (
        select watch_id, day, sum(n) as n from (
          select watch_id, (published_at at time zone 'UTC')::date as day, 1 as n from moved_to
          union all
          select watch_id, (published_at at time zone 'UTC')::date, -1 from moved_from
        ) c group by 1, 2 having sum(n) <> 0
      ), added as (
        insert into watch_match_days as d (watch_id, day, count)
        select watch_id, day, n from changes where n > 0 order by 1, 2
        on conflict (watch_id, day) do update set count = d.count + excluded.count
      )
      update watch_match_days d set count = d.count + c.n from changes c
      where c.n < 0 and d.watch_id = c.watch_id and d.day = c.day;
      delete from watch_match_days d using moved_from m
      where d.watch_id = m.watch_id and d.day = (m.published_at at time zone 'UTC')::date and d.count <= 0;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger watch_match_days_move after update on matches
    referencing old table as moved_from new table as moved_to for each statement execute function watch_match_days_move()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger watch_match_days_move on matches`.execute(db);
  await sql`drop trigger watch_match_days_remove on matches`.execute(db);
  await sql`drop trigger watch_match_days_add on matches`.execute(db);
  await sql`drop trigger stories_move_matches on stories`.execute(db);
  await sql`drop trigger matches_copy_published_at on matches`.execute(db);
  await sql`drop function watch_match_days_move, watch_match_days_remove, watch_match_days_add, stories_move_matches, matches_copy_published_at`.execute(db);
  await sql`drop table watch_match_days`.execute(db);
  await sql`create index matches_watch_idx on matches (watch_id, story_id)`.execute(db);
  await sql`drop index matches_watch_published_idx`.execute(db);
  await sql`alter table matches drop column published_at`.execute(db);
}
