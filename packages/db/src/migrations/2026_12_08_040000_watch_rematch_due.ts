import { sql, type Kysely } from 'kysely';

/**
 * A watch whose query changed (or that was created, or enabled again) must be re-matched over
 * the recent archive. The re-match runs in the background of the process that took the edit;
 * `rematch_due_at` keeps it owed across a crash or a stop, until a re-match finishes. Set by a
 * trigger, so every way of editing a watch marks it, in the edit's own statement.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table watches add column rematch_due_at timestamptz`.execute(db);
  // Milliseconds, as JavaScript reads them back: the re-match clears the mark it read, not a later one.
  await sql`
    create function watches_mark_rematch_due() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' or new.query is distinct from old.query or (new.enabled and not old.enabled) then
        new.rematch_due_at := date_trunc('milliseconds', clock_timestamp());
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger watches_mark_rematch_due before insert or update of query, enabled on watches
    for each row execute function watches_mark_rematch_due()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger watches_mark_rematch_due on watches`.execute(db);
  await sql`drop function watches_mark_rematch_due()`.execute(db);
  await sql`alter table watches drop column rematch_due_at`.execute(db);
}
