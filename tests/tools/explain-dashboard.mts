/**
 * Times the dashboard's page query (one card per cluster) on a filled archive and prints the
 * plan of each statement it runs (EXPLAIN ANALYZE, BUFFERS). Not a test; read-only:
 *   npx tsx tests/tools/explain-dashboard.mts postgres://postgres@127.0.0.1:5432/nw_bench_dashboard
 * Pages: the first page of matched stories, page 200 (the cursor deep in the archive), one
 * watch's first page, and the first page of every story. PER_CLUSTER=0 lists stories instead.
 */
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { describeClusters, listStoryPage, type Database, type StoryFilter } from '@newswatch/db';

pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));
const url = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/nw_bench_dashboard';
const pool = new pg.Pool({ connectionString: url, max: 2 });
let captured: CompiledQuery[] = [];
const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool }),
  log: (event) => {
    if (event.level === 'query') captured.push(event.query);
  },
});

async function measure(name: string, filter: StoryFilter, plans: boolean) {
  captured = [];
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const page = await listStoryPage(db, filter);
    rows = page.stories.length;
    await describeClusters(
      db,
      page.stories.flatMap((s) => (s.cluster_id === null ? [] : [s.cluster_id])),
    );
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      figure: 'dashboard page + cluster summaries',
      page: name,
      rows,
      best_ms: Number(times[0]!.toFixed(1)),
      median_ms: Number(times[2]!.toFixed(1)),
    }),
  );
  if (!plans) return;
  const seen = new Set<string>();
  for (const query of captured) {
    if (seen.has(query.sql) || query.sql.startsWith('explain')) continue;
    seen.add(query.sql);
    const { rows: plan } = await pool.query(`explain (analyze, buffers, costs off) ${query.sql}`, query.parameters as unknown[]);
    console.log(`\n-- ${name}: ${query.sql.replace(/\s+/g, ' ').slice(0, 160)}…`);
    for (const line of plan) console.log(line['QUERY PLAN']);
  }
}

// PER_CLUSTER=0: one row per story, as the dashboard listed before cluster cards (to compare).
const perCluster = process.env.PER_CLUSTER !== '0';
const first: StoryFilter = { limit: 31, matched: true, perCluster };
await measure('first page, matched', first, true);
// Page 200: follow the cursor through 199 pages of 30 cards.
let before: StoryFilter['before'];
for (let page = 1; page < 200; page++) {
  const { stories } = await listStoryPage(db, { ...first, ...(before ? { before } : {}) });
  const last = stories[29]!;
  before = { publishedAt: last.published_at, id: last.id };
}
await measure('page 200, matched', { ...first, before: before! }, true);
await measure('watch 1, first page', { limit: 31, perCluster, watchId: 1 }, false);
await measure('all stories, first page', { limit: 31, perCluster }, false);
await db.destroy();
