import { sql, type Kysely } from 'kysely';

/**
 * A rule for several watches (rule_watches rows, watch_id null) must not turn into a rule for
 * every watch when its last watch is deleted: the cascade would leave it with no rows, which
 * reads as "all watches". Deleting a watch now deletes the several-watch rules it was the last
 * watch of — as the watch_id foreign key already does for single-watch rules.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function newswatch_delete_emptied_rules() returns trigger language plpgsql as $$
    begin
      delete from rules r
      where r.watch_id is null
        and exists (select 1 from rule_watches w where w.rule_id = r.id and w.watch_id = old.id)
        and not exists (select 1 from rule_watches w where w.rule_id = r.id and w.watch_id <> old.id);
      return old;
    end
    $$`.execute(db);
  await sql`
    create trigger watches_delete_emptied_rules before delete on watches
    for each row execute function newswatch_delete_emptied_rules()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists watches_delete_emptied_rules on watches`.execute(db);
  await sql`drop function if exists newswatch_delete_emptied_rules()`.execute(db);
}
