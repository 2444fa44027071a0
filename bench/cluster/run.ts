/**
 * bench/cluster: how fast new stories are placed in event clusters (canonical URL, copy
 * detection, rare-term candidates, similarity) with 10,000 and with 1,000,000 stories already
 * stored on PostgreSQL. The archive is filled through SQL (stories, their clusters, cluster
 * profiles, the rare-term index and term statistics, spread over a year); then new stories —
 * copies, rewrites and unrelated news, 20 per feed, 32 feeds per transaction as the storing
 * stage groups them — go through the production `storeItemsOfFeeds`. One JSON line per figure.
 *
 *   npx tsx bench/cluster/run.ts [--sizes 10000,1000000] [--postgres postgres://postgres@127.0.0.1:5432/postgres]
 */
import { parseArgs } from 'node:util';
import { createAlertComposer } from '@newswatch/alerts';
import { createFeeds, migrateToLatest, openDatabase, sql, type Feed, type Kysely, type Database } from '@newswatch/db';
import { storeItemsOfFeeds, WatchMatcher, type NormalizedItem } from '@newswatch/ingest';
import { normalizedItem } from '../../tests/support/normalized-item';
import { fillArchive } from './fill-archive';
import { NewsGenerator } from './news-generator';

const { values } = parseArgs({ options: { postgres: { type: 'string' }, sizes: { type: 'string' }, stories: { type: 'string' } } });
const adminUrl = values.postgres ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const sizes = (values.sizes ?? '10000,1000000').split(',').map(Number);
const NEW_STORIES = Number(values.stories ?? 3200);
const ITEMS_PER_FEED = 20;
const FEEDS_PER_BATCH = 32;

const emit = (figure: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ bench: 'cluster', backend: 'postgres', figure, value: Math.round(value * 100) / 100, unit, ...extra }));

for (const size of sizes) {
  const name = `bench_cluster_${process.pid}_${size}`;
  const admin = await openDatabase({ databaseUrl: adminUrl, poolSize: 1 });
  await sql.raw(`create database ${name}`).execute(admin.db);
  await admin.close();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  try {
    await migrateToLatest(handle.db);
    const feeds = await makeFeeds(handle.db, 200);
    const filled = performance.now();
    await fillArchive(
      handle.db,
      size,
      feeds.map((f) => f.id),
    );
    emit('archive_filled', (performance.now() - filled) / 1000, 's', { stored_stories: size });

    const generator = new NewsGenerator(11);
    const matcher = new WatchMatcher(handle.db);
    const alerts = createAlertComposer(null);
    let stored = 0;
    const started = performance.now();
    for (let batch = 0; stored < NEW_STORIES; batch++) {
      const jobs = Array.from({ length: FEEDS_PER_BATCH }, (_, f) => {
        const feed = feeds[(batch * FEEDS_PER_BATCH + f) % feeds.length]!;
        return { feed, items: Array.from({ length: ITEMS_PER_FEED }, () => normalized(generator.next(feed.id))) };
      });
      const results = await storeItemsOfFeeds(handle.db, jobs, matcher, alerts);
      stored += results.reduce((sum, r) => sum + r.inserted, 0);
    }
    const seconds = (performance.now() - started) / 1000;
    const placed = await sql<{ clusters: string; joined: string }>`
      select count(distinct cluster_id) as clusters, count(*) - count(distinct cluster_id) as joined
      from stories where fetched_at > now() - interval '1 hour'`
      .execute(handle.db)
      .then((r) => r.rows[0]!);
    emit('stories_assigned_per_s', stored / seconds, 'stories/s', {
      stored_stories: size,
      new_stories: stored,
      seconds: Math.round(seconds * 100) / 100,
      new_clusters: Number(placed.clusters),
      joined_existing: Number(placed.joined),
    });
  } finally {
    await handle.close();
    const again = await openDatabase({ databaseUrl: adminUrl, poolSize: 1 });
    await sql.raw(`drop database if exists ${name}`).execute(again.db);
    await again.close();
  }
}

async function makeFeeds(db: Kysely<Database>, count: number): Promise<Feed[]> {
  await createFeeds(
    db,
    Array.from({ length: count }, (_, k) => ({ url: `http://127.0.0.1:9/outlet-${k}.xml`, title: `Outlet ${k}` })),
  );
  return db.selectFrom('feeds').selectAll().orderBy('id').execute();
}

function normalized(story: { key: string; url: string; title: string; summary: string; content: string }): NormalizedItem {
  return normalizedItem(story);
}
