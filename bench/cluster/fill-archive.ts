import { sql, type Database, type Kysely } from '@newswatch/db';
import { sharedVocabulary } from '../../packages/ingest/src/cluster/vocabulary';
import { VOCABULARY_SIZE } from './vocabulary';

/** Stories per stored cluster. */
const CLUSTER_SIZE = 4;
/** Terms per stored centroid field. */
const PROFILE_TERMS = 40;

/**
 * Fills the archive through SQL: `stories` stored stories over the past year, in clusters of
 * four, each cluster with its profile, and term statistics — what
 * ingest would have written storing them, minus the wait. Old stories' own text is never read
 * by clustering (only profiles and the statistics are), so it is cheap filler.
 */
export async function fillArchive(db: Kysely<Database>, stories: number, feedIds: number[]): Promise<void> {
  const clusters = Math.ceil(stories / CLUSTER_SIZE);
  await sql`
    insert into clusters (id, first_seen_at, last_seen_at, size, sources_count)
    select g, t, t, ${CLUSTER_SIZE}, ${CLUSTER_SIZE}
    from generate_series(1, ${clusters}::integer) g, lateral (select now() - random() * interval '365 days' + g * interval '0 s' as t) x`.execute(db);
  await sql`select setval(pg_get_serial_sequence('clusters', 'id'), ${clusters}::integer)`.execute(db);
  for (let start = 0; start < stories; start += 100_000) {
    const end = Math.min(stories, start + 100_000) - 1;
    await sql`
      insert into stories (feed_id, dedupe_key, guid, url, canonical_url, title, summary_text, content_html, content_text, published_at, fetched_at, content_hash, cluster_id)
      select (${feedIds}::integer[])[1 + g % ${feedIds.length}], 'guid:old-' || g, 'old-' || g,
        'https://archive.test/' || g, 'https://archive.test/' || g,
        'w' || (g % 997) || ' w' || (g % 1013) || ' ' || md5(g::text), md5((g + 1)::text) || ' w' || (g % 89), '', '',
        c.first_seen_at, c.first_seen_at, md5(g::text), c.id
      from generate_series(${start}::integer, ${end}::integer) g join clusters c on c.id = 1 + g / ${CLUSTER_SIZE}`.execute(db);
  }
  // Profiles packed as ingest stores them (cluster-profile.ts: term numbers, then weights), of
  // words of the common vocabulary, frequent ones more often (as news-generator.ts draws them).
  const termIds = Array.from({ length: VOCABULARY_SIZE }, (_, n) => sharedVocabulary.idOf(`w${n}`));
  await sql`
    insert into cluster_profiles (cluster_id, title_terms, text_terms, figures, first_published_at, last_published_at, size, written_by)
    select c.id, v, v, '', c.first_seen_at, c.last_seen_at, ${CLUSTER_SIZE}, 0
    from clusters c, lateral (
      select string_agg(int4send(id), ''::bytea order by id) || string_agg(float4send(w), ''::bytea order by id) as v
      from (
        select distinct on (id) id, random()::real as w
        from (select (${termIds}::integer[])[1 + floor(random() ^ 3 * ${VOCABULARY_SIZE})::integer + c.id * 0] as id
              from generate_series(1, ${PROFILE_TERMS})) t
      ) w
    ) x`.execute(db);
  // Counts keyed by the terms' numbers, as ingest stores them (term 0: every story).
  await sql`
    insert into term_counts (term_id, doc_count)
    select id, greatest(1, (${stories} * 0.6 / n ^ 0.8)::integer) from unnest(${termIds}::integer[]) with ordinality as t(id, n)
    union all select 0, ${stories}::integer
    on conflict (term_id) do nothing`.execute(db);
  // As a settled archive is: visibility map set, statistics known (autovacuum would do it later, during the measurement).
  await sql`vacuum analyze`.execute(db);
}
