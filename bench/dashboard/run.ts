/**
 * bench/dashboard: the dashboard and the JSON API over a year-sized archive (issue 13). Fills
 * PostgreSQL with 1,000,000 stories through SQL (fill.ts; reused on later runs), starts
 * `newswatch serve` on it, and measures each route with one client and with 32 connections:
 * p50/p95/p99, req/s, server CPU per request. One JSON line per figure; a table on stderr.
 *
 *   npx tsx bench/dashboard/run.ts                      # fill once (~10 min), then measure
 *   npx tsx bench/dashboard/run.ts --refill --stories 200000
 *   npx tsx bench/dashboard/run.ts --database nw_bench_dashboard_before --only 'search|watches'
 *   npx tsx bench/dashboard/run.ts --checkout /tmp/older-newswatch   # serve another checkout (before/after)
 *
 * Targets on a 2-core machine: one client, every route p95 ≤ 50 ms (search ≤ 150 ms); 32
 * connections, no route p99 over 1 s and API list routes ≥ 300 req/s ("target" column).
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openDatabase, sql } from '@newswatch/db';
import { FILL_VERSION, fillDatabase, readFillShape, recreateDatabase } from './fill';
import { runLoad, type LoadResult } from './load';
import { expectedShare, wordAt } from './vocabulary';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOKEN = 'bench-dashboard-token-0123456789';
const ADMIN = { email: 'bench@example.org', password: 'bench-dashboard-password' };

const { values } = parseArgs({
  options: {
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    database: { type: 'string', default: 'nw_bench_dashboard' },
    stories: { type: 'string', default: '1000000' },
    refill: { type: 'boolean', default: false },
    duration: { type: 'string', default: '10' },
    requests: { type: 'string', default: '200' },
    connections: { type: 'string', default: '1,32' },
    only: { type: 'string' },
    checkout: { type: 'string' },
  },
});
// The newswatch whose `serve` is measured: this checkout unless told (an older one, for a before/after).
const serveRoot = path.resolve(values.checkout ?? repoRoot);
const cliEntry = path.join(serveRoot, 'packages/cli/bin/newswatch.js');
const STORIES = Number(values.stories);
const DURATION_MS = Number(values.duration) * 1000;

const emit = (figures: Record<string, unknown>) => console.log(JSON.stringify({ bench: 'dashboard', ...figures }));
const loadAverage = () => os.loadavg().map((n) => Number(n.toFixed(2)));

const databaseUrl = (() => {
  const url = new URL(values.postgres);
  url.pathname = `/${values.database}`;
  return url.toString();
})();

const shape = values.refill ? null : await readFillShape(databaseUrl);
if (!shape || shape.stories !== STORIES || shape.version !== FILL_VERSION) {
  emit({ fill: 'start', database: values.database, stories: STORIES, loadavg: loadAverage() });
  const started = performance.now();
  await recreateDatabase(values.postgres, values.database);
  await fillDatabase(databaseUrl, STORIES, (step, figures) => emit({ fill: step, ...figures }));
  emit({ fill: 'done', seconds: Math.round((performance.now() - started) / 1000), loadavg: loadAverage() });
}

// What the archive holds, and the ids and words the routes ask for.
const words = {
  rare: wordAt(30_000),
  common: wordAt(100),
  frequent: wordAt(3),
  phrase: `"${wordAt(300)} ${wordAt(500)}"`,
  commonPhrase: `"${wordAt(40)} ${wordAt(60)}"`,
};
const facts = await (async () => {
  const handle = await openDatabase({ databaseUrl, poolSize: 1 });
  try {
    const count = async (query: ReturnType<typeof sql>) =>
      Number((await sql<{ n: number }>`select count(*) as n from (${query}) t`.execute(handle.db)).rows[0]!.n);
    const byWatch = await sql<{ watch_id: number; n: number }>`select watch_id, count(*) as n from matches group by watch_id order by n desc, watch_id`.execute(
      handle.db,
    );
    const hits = async (q: string) => count(sql`select 1 from stories where search @@ websearch_to_tsquery('simple', ${q})`);
    return {
      stories: await count(sql`select 1 from stories`),
      matchedStories: await count(sql`select distinct story_id from matches`),
      feeds: await count(sql`select 1 from feeds`),
      popularWatch: byWatch.rows[0]!,
      rareWatch: byWatch.rows.at(-1)!,
      hits: {
        rare: await hits(words.rare),
        common: await hits(words.common),
        frequent: await hits(words.frequent),
        phrase: await hits(words.phrase),
        commonPhrase: await hits(words.commonPhrase),
      },
    };
  } finally {
    await handle.close();
  }
})();
emit({
  archive: facts,
  words,
  expectedShare: { rare: expectedShare(30_000, 110), common: expectedShare(100, 110), frequent: expectedShare(3, 110) },
});

// `serve` as deployments run it (heap capped as in `pnpm start`); migrations run at its start.
const serverStarted = performance.now();
const server = spawn(process.execPath, ['--max-old-space-size=256', cliEntry, 'serve'], {
  cwd: serveRoot,
  env: {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    DATABASE_URL: databaseUrl,
    PORT: '0',
    NEWSWATCH_API_TOKEN: TOKEN,
    NEWSWATCH_ADMIN_EMAIL: ADMIN.email,
    NEWSWATCH_ADMIN_PASSWORD: ADMIN.password,
    NEWSWATCH_DEFAULTS: 'false',
    LOG_LEVEL: 'warn',
  },
});
let output = '';
server.stdout.on('data', (d: Buffer) => (output += d));
server.stderr.on('data', (d: Buffer) => (output += d));
const base = await new Promise<string>((resolve, reject) => {
  server.stdout.on('data', () => {
    const match = /dashboard at (http:\/\/\S+?)\/? /.exec(output);
    if (match) resolve(match[1]!);
  });
  server.on('exit', (code) => reject(new Error(`newswatch serve exited with ${code}:\n${output}`)));
});
emit({
  serve: 'ready',
  checkout: serveRoot,
  seconds: Number(((performance.now() - serverStarted) / 1000).toFixed(1)),
  note: 'includes migrations not yet applied',
});

try {
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...ADMIN, next: '/' }),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error(`login failed: HTTP ${login.status}`);
  const session = { cookie };
  const bearer = { authorization: `Bearer ${TOKEN}` };

  // Page 201 of matched stories (50 a page), reached by following cursors as a client would;
  // less deep in a small archive.
  const cursorStarted = performance.now();
  const bigPages = Math.max(1, Math.min(50, Math.floor(facts.matchedStories / 200) - 1));
  const deepPage = bigPages * 4 + 1;
  let cursor: string | undefined;
  for (let page = 0; page < bigPages; page++) {
    const answer = await fetch(`${base}/api/v1/stories?matched=true&limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers: bearer });
    cursor = ((await answer.json()) as { nextCursor?: string }).nextCursor;
    if (!cursor) throw new Error(`matched stories ran out after page ${page}`);
  }
  emit({ cursor: `page ${deepPage} of matched stories`, seconds: Number(((performance.now() - cursorStarted) / 1000).toFixed(1)) });

  const q = (text: string) => encodeURIComponent(text);
  const routes: { name: string; path: string; headers: Record<string, string>; kind: 'list' | 'page' | 'search' }[] = [
    { name: 'GET / (dashboard)', path: '/', headers: session, kind: 'page' },
    { name: '/watches', path: '/watches', headers: session, kind: 'page' },
    { name: '/feeds', path: '/feeds', headers: session, kind: 'page' },
    { name: 'api stories', path: '/api/v1/stories', headers: bearer, kind: 'list' },
    { name: 'api stories matched', path: '/api/v1/stories?matched=true', headers: bearer, kind: 'list' },
    { name: `api stories matched, page ${deepPage}`, path: `/api/v1/stories?matched=true&cursor=${cursor}`, headers: bearer, kind: 'list' },
    {
      name: `api stories watch (popular, ${facts.popularWatch.n})`,
      path: `/api/v1/stories?watch=${facts.popularWatch.watch_id}`,
      headers: bearer,
      kind: 'list',
    },
    { name: `api stories watch (rare, ${facts.rareWatch.n})`, path: `/api/v1/stories?watch=${facts.rareWatch.watch_id}`, headers: bearer, kind: 'list' },
    { name: `search rare word (${facts.hits.rare})`, path: `/api/v1/stories?q=${q(words.rare)}`, headers: bearer, kind: 'search' },
    { name: `search common word (${facts.hits.common})`, path: `/api/v1/stories?q=${q(words.common)}`, headers: bearer, kind: 'search' },
    { name: `search frequent word (${facts.hits.frequent})`, path: `/api/v1/stories?q=${q(words.frequent)}`, headers: bearer, kind: 'search' },
    { name: `search phrase (${facts.hits.phrase})`, path: `/api/v1/stories?q=${q(words.phrase)}`, headers: bearer, kind: 'search' },
    {
      name: `search phrase of frequent words (${facts.hits.commonPhrase})`,
      path: `/api/v1/stories?q=${q(words.commonPhrase)}`,
      headers: bearer,
      kind: 'search',
    },
    { name: 'search on dashboard (rare word)', path: `/?q=${q(words.rare)}`, headers: session, kind: 'search' },
    { name: 'search on dashboard (common word)', path: `/?q=${q(words.common)}`, headers: session, kind: 'search' },
    { name: 'api watches', path: '/api/v1/watches', headers: bearer, kind: 'list' },
  ];
  const only = values.only ? new RegExp(values.only, 'i') : null;
  const table: { route: string; conns: number; result: LoadResult; load: number; meets: boolean }[] = [];
  for (const route of routes) {
    if (only && !only.test(route.name) && !only.test(route.path)) continue;
    for (const connections of values.connections.split(',').map(Number)) {
      const load = loadAverage();
      const result = await runLoad(
        new URL(route.path, base),
        {
          connections,
          durationMs: DURATION_MS,
          maxRequests: connections === 1 ? Number(values.requests) : Number.POSITIVE_INFINITY,
          warmup: 3,
          headers: route.headers,
          timeoutMs: 60_000,
        },
        server.pid!,
      );
      const meets =
        result.errors === 0 &&
        (connections === 1 ? result.p95 <= (route.kind === 'search' ? 150 : 50) : result.p99 <= 1000 && (route.kind !== 'list' || result.reqPerS >= 300));
      const round = (n: number) => Number(n.toFixed(1));
      emit({
        route: route.name,
        path: route.path.slice(0, 120),
        connections,
        requests: result.requests,
        errors: result.errors,
        ...(result.firstError ? { first_error: result.firstError } : {}),
        p50_ms: round(result.p50),
        p95_ms: round(result.p95),
        p99_ms: round(result.p99),
        max_ms: round(result.max),
        req_per_s: round(result.reqPerS),
        body_bytes: result.bytes,
        server_cpu_ms_per_req: result.serverCpuMsPerRequest === null ? null : round(result.serverCpuMsPerRequest),
        loadavg: load,
        meets_target: meets,
      });
      table.push({ route: route.name, conns: connections, result, load: load[0]!, meets });
    }
  }
  printTable(table);
} finally {
  server.kill('SIGTERM');
}

/** The figures as a Markdown table, on stderr (stdout stays JSON lines). */
function printTable(rows: { route: string; conns: number; result: LoadResult; load: number; meets: boolean }[]): void {
  const ms = (n: number) => (Number.isNaN(n) ? '—' : n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`);
  const cells = [
    ['route', 'conns', 'p50', 'p95', 'p99', 'req/s', 'errors', 'server CPU/req', 'body', 'load', 'target'],
    ['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', ':---:'],
    ...rows.map(({ route, conns, result: r, load, meets }) => [
      route,
      String(conns),
      ms(r.p50),
      ms(r.p95),
      ms(r.p99),
      r.reqPerS.toFixed(1),
      String(r.errors),
      r.serverCpuMsPerRequest === null ? '—' : `${r.serverCpuMsPerRequest.toFixed(1)} ms`,
      `${(r.bytes / 1024).toFixed(0)} KB`,
      load.toFixed(1),
      meets ? 'met' : 'missed',
    ]),
  ];
  console.error(cells.map((row) => `| ${row.join(' | ')} |`).join('\n'));
}
