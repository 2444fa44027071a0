/**
 * One poller process of bench/poll-cycle on one backend: starts the farm, subscribes to its
 * feeds, runs a first cycle (every feed new: 200 with 20 items) and steady-state cycles (a
 * fifth of the feeds publish 2 new items: 200; the rest answer 304), with the production
 * pipeline (IngestWorker, HostLimiter defaults, default watches matched, outbox writes).
 * Prints one JSON line per figure. Usage: tsx poll.ts pglite | tsx poll.ts postgres <admin url>
 * The farm's stories are news (`BENCH_FARM_TEXT=news`, the default) or each its own words
 * (`own-words`, the worst case for event clustering): see README.md.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAlertComposer } from '@newswatch/alerts';
import { createFeeds, createWatch, migrateToLatest, openDatabase, sql, type DatabaseHandle } from '@newswatch/db';
import {
  FeedReaderPool,
  HostLimiter,
  IngestWorker,
  OutageDetector,
  READER_POOL_DEFAULTS,
  WatchMatcher,
  writeWaitingTermCounts,
  type IngestContext,
} from '@newswatch/ingest';
import { DEFAULT_WATCHES } from '@newswatch/match';
import type { FarmText } from '../../tests/ingest/feed-farm';
import { machineBusySeconds, postgresCpuSeconds } from './machine-cpu';

const here = path.dirname(fileURLToPath(import.meta.url));
const backend = process.argv[2] as 'pglite' | 'postgres';
const adminUrl = process.argv[3] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const HOSTS = Number(process.env.BENCH_HOSTS ?? 1000);
const FEEDS_PER_HOST = Number(process.env.BENCH_FEEDS_PER_HOST ?? 5);
const ITEMS = 20;
const DELAY_MS = 50;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 128);
const STEADY_CHANGED = 0.2;
const FARM_TEXT = (process.env.BENCH_FARM_TEXT ?? 'news') as FarmText;
/** Reader threads, as the production runtime starts them by default; 0 reads on the polling thread. */
const READER_THREADS = Number(process.env.BENCH_READER_THREADS ?? READER_POOL_DEFAULTS.threads);
if (FARM_TEXT !== 'news' && FARM_TEXT !== 'own-words') throw new Error(`BENCH_FARM_TEXT must be news or own-words, not ${FARM_TEXT}`);

/** Warnings and errors only, as one JSON line each on stderr (the figures own stdout). */
const quietLogger = {
  level: 'warn',
  debug: () => undefined,
  info: () => undefined,
  warn: (data: unknown, msg?: string) => console.error(JSON.stringify({ level: 'warn', msg, data })),
  error: (data: unknown, msg?: string) => console.error(JSON.stringify({ level: 'error', msg, data })),
  child: () => quietLogger,
} as unknown as IngestContext['logger'];

const round = (value: number) => Math.round(value * 100) / 100;
const emit = (figure: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ bench: 'poll-cycle', backend, figure, value: round(value), unit, ...extra }));

const farm = fork(path.join(here, 'farm.ts'), [...[HOSTS, FEEDS_PER_HOST, ITEMS, DELAY_MS].map(String), FARM_TEXT], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const ask = <T>(message: object, reply: string) =>
  new Promise<T>((resolve) => {
    const onMessage = (m: { type: string }) => {
      if (m.type !== reply) return;
      farm.off('message', onMessage);
      resolve(m as T);
    };
    farm.on('message', onMessage);
    farm.send(message);
  });
const { urls } = await new Promise<{ urls: string[] }>((resolve) => farm.once('message', resolve as never));

let handle: DatabaseHandle;
let cleanup = async () => {};
if (backend === 'pglite') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-bench-'));
  handle = await openDatabase({ dataDir });
  cleanup = async () => fs.rmSync(dataDir, { recursive: true, force: true });
} else {
  const name = `nw_bench_${process.pid}`;
  const admin = await openDatabase({ databaseUrl: adminUrl, poolSize: 1 });
  await sql.raw(`CREATE DATABASE ${name}`).execute(admin.db);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  cleanup = async () => {
    await sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).execute(admin.db);
    await admin.close();
  };
}

const reader = READER_THREADS > 0 ? new FeedReaderPool({ threads: READER_THREADS }) : undefined;
/** Stops the farm and the readers and drops the bench's database: at the end, and when interrupted. */
let shuttingDown: Promise<void> | undefined;
const shutDown = () =>
  (shuttingDown ??= (async () => {
    await reader?.close();
    if (farm.connected) farm.send({ type: 'stop' });
    await writeWaitingTermCounts(handle.db).catch(() => undefined);
    await handle.close().catch(() => undefined);
    await cleanup();
  })());
// Ctrl-C, or the output piped to a reader that stopped (`| head`): no database is left behind.
const interrupted = () => void shutDown().finally(() => process.exit(130));
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);
process.stdout.on('error', interrupted);
try {
  const { db } = handle;
  await migrateToLatest(db);
  for (const watch of DEFAULT_WATCHES) await createWatch(db, { name: watch.name, query: watch.query });
  for (let i = 0; i < urls.length; i += 1000)
    await createFeeds(
      db,
      urls.slice(i, i + 1000).map((url) => ({ url, title: null })),
    );

  /** When the cycle's latest poll ended (`onPolled`). */
  let lastPollAt = 0;
  const worker = new IngestWorker(
    {
      db,
      owner: `bench:${process.pid}`,
      matcher: new WatchMatcher(db),
      logger: quietLogger,
      alerts: createAlertComposer(null),
      fetchOptions: { allowPrivate: true },
      hostLimiter: new HostLimiter(),
      outage: new OutageDetector(),
      reader,
    },
    { concurrency: CONCURRENCY, onPolled: () => (lastPollAt = performance.now()) },
  );

  const cycle = async () => {
    const started = performance.now();
    lastPollAt = started;
    const cpu0 = process.cpuUsage();
    const machine0 = machineBusySeconds();
    const postgres0 = postgresCpuSeconds();
    const summary = await worker.runOnce();
    const cpu = process.cpuUsage(cpu0);
    const machine = machineBusySeconds();
    const postgres = postgresCpuSeconds();
    return {
      ...summary,
      seconds: (performance.now() - started) / 1000,
      // The last feed's poll stored: what follows is the first polls' backlog being placed.
      readSeconds: (lastPollAt - started) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      // Whole-machine figures: on a machine of few cores the poller shares them with the server and the farm.
      machineCpuSeconds: machine === null || machine0 === null ? null : round(machine - machine0),
      postgresCpuSeconds: postgres === null || postgres0 === null || backend !== 'postgres' ? null : round(postgres - postgres0),
    };
  };

  const first = await cycle();
  if (first.polled !== urls.length || first.failed > 0) throw new Error(`first cycle polled ${first.polled}, ${first.failed} failed`);
  emit('first_cycle_wall', first.seconds, 's', {
    feeds: first.polled,
    feeds_read_s: round(first.readSeconds),
    backlog_placed_s: round(first.seconds - first.readSeconds),
    items_stored: first.inserted,
    poller_cpu_s: round(first.cpuSeconds),
    postgres_cpu_s: first.postgresCpuSeconds,
    machine_cpu_s: first.machineCpuSeconds,
    cores: os.availableParallelism(),
    reader_threads: READER_THREADS,
    farm_text: FARM_TEXT,
    target: 30,
  });
  emit('first_cycle_items_per_s', first.inserted / first.seconds, 'items/s');

  let steady = first;
  let answers = { ok: 0, notModified: 0 };
  for (let round = 0; round < 2; round++) {
    await ask({ type: 'bump', fraction: STEADY_CHANGED }, 'bumped');
    await sql`update feeds set next_poll_at = now()`.execute(db);
    steady = await cycle();
    answers = await ask<{ ok: number; notModified: number }>({ type: 'stats' }, 'stats');
    if (steady.polled !== urls.length || steady.failed > 0) throw new Error(`steady cycle polled ${steady.polled}, ${steady.failed} failed`);
  }
  emit('steady_cycle_wall', steady.seconds, 's', {
    poller_cpu_s: round(steady.cpuSeconds),
    postgres_cpu_s: steady.postgresCpuSeconds,
    machine_cpu_s: steady.machineCpuSeconds,
    feeds: steady.polled,
    answered_200: answers.ok,
    answered_304: answers.notModified,
    items_stored: steady.inserted,
    target: 10,
  });
  emit('steady_cycle_feeds_per_s', steady.polled / steady.seconds, 'feeds/s');
  const stories = await db
    .selectFrom('stories')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  emit('stories_stored', Number(stories.n), 'stories');
  const clusters = await db
    .selectFrom('clusters')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  emit('clusters_stored', Number(clusters.n), 'clusters');
  const memory = process.memoryUsage();
  emit('peak_rss', process.resourceUsage().maxRSS / 1024, 'MB', {
    target: 300,
    node_flags: process.execArgv.filter((a) => a.startsWith('--max')).join(' '),
    end_rss_mb: Math.round(memory.rss / 1e6),
    end_heap_used_mb: Math.round(memory.heapUsed / 1e6),
    end_external_mb: Math.round(memory.external / 1e6),
  });
} finally {
  await shutDown();
}
