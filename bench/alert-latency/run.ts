/**
 * bench/alert-latency: how long an instant alert takes from the poll that sees a new feed item
 * to the signed webhook arriving, with real newswatch processes, a local feed and a local
 * receiver. One JSON line per figure. Run:
 *
 *   npx tsx bench/alert-latency/run.ts                      # embedded: newswatch start on PGlite
 *   npx tsx bench/alert-latency/run.ts --postgres postgres://postgres@127.0.0.1:5432/postgres
 *                                                           # also start on PostgreSQL, and
 *                                                           # serve + ingest + dispatch as 3 processes
 *   options: --rounds 40 --per-round 3 --modes embedded,pg-start,pg-split
 *
 * Each round appends items to the feed, asks for a refresh (POST /api/v1/feeds/:id/refresh) and
 * waits for one webhook per item. "After poll" is measured from the moment the feed server
 * first sent a body containing the item (the poll that sees it) to the webhook's arrival at the
 * receiver; "after refresh" from the refresh request. The first round warms up and is not
 * counted. Target: p95 after poll ≤ 1 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openDatabase, sql } from '@newswatch/db';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cliEntry = path.join(repoRoot, 'packages/cli/bin/newswatch.js');
const TOKEN = 'bench-token-0123456789abcdef';
const WORD = 'quillbenchword';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '40' },
    'per-round': { type: 'string', default: '3' },
    postgres: { type: 'string' },
    modes: { type: 'string' },
  },
});
const ROUNDS = Number(values.rounds);
const PER_ROUND = Number(values['per-round']);
const modes = (values.modes ?? (values.postgres ? 'embedded,pg-start,pg-split' : 'embedded')).split(',');

/** A feed whose items grow during the run; remembers when each item was first served. */
class BenchFeed {
  items: { id: string; title: string; addedAt: number }[] = [];
  firstServed = new Map<string, number>();
  #server = http.createServer((_req, res) => {
    const now = performance.timeOrigin + performance.now();
    const items = this.items.slice(-50);
    for (const item of items) if (!this.firstServed.has(item.id)) this.firstServed.set(item.id, now);
    const body = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench Wire</title><link>https://bench.example/</link><description>bench</description>${items
      .map(
        (i) =>
          `<item><title>${i.title}</title><link>https://bench.example/${i.id}</link><guid isPermaLink="false">${i.id}</guid><pubDate>${new Date(i.addedAt).toUTCString()}</pubDate><description>${i.title}.</description></item>`,
      )
      .join('')}</channel></rss>`;
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'cache-control': 'no-store' }).end(body);
  });
  url = '';
  async start() {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/bench.xml`;
  }
  stop() {
    this.#server.closeAllConnections();
    return new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A webhook endpoint recording when each story's alert arrived (keyed by the story title). */
class BenchReceiver {
  arrived = new Map<string, number>();
  duplicates = 0;
  #server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = performance.timeOrigin + performance.now();
      res.writeHead(200).end('ok');
      try {
        const title = JSON.parse(Buffer.concat(chunks).toString('utf8')).data?.story?.title as string | undefined;
        if (!title) return;
        if (this.arrived.has(title)) this.duplicates++;
        else this.arrived.set(title, now);
      } catch {
        // Not an alert (a test message): ignored.
      }
    });
  });
  url = '';
  async start() {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
  }
  stop() {
    this.#server.closeAllConnections();
    return new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

interface Proc {
  child: ChildProcess;
  output: () => string;
}

function startProcess(command: string, env: Record<string, string>): Promise<Proc & { url: string }> {
  const child = spawn(process.execPath, [cliEntry, command], {
    cwd: os.tmpdir(),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      PORT: '0',
      LOG_LEVEL: 'warn',
      NEWSWATCH_DEFAULTS: 'false',
      ALLOW_PRIVATE_FEEDS: 'true',
      NEWSWATCH_API_TOKEN: TOKEN,
      ...env,
    },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`newswatch ${command} did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      const url = /dashboard at (http:\/\/\S+?)\/? /.exec(out)?.[1];
      if (url || /newswatch \w+ is running/.test(out)) {
        clearTimeout(timer);
        resolve({ child, output: () => out, url: url ?? '' });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`newswatch ${command} exited with ${code}:\n${out}`));
    });
  });
}

async function stopProcess(proc: Proc): Promise<void> {
  if (proc.child.exitCode !== null) return;
  const exited = new Promise((resolve) => proc.child.once('exit', resolve));
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function api(base: string, method: string, route: string, body?: unknown) {
  const res = await fetch(`${base}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

/** Runs the rounds against an app listening at `base`; returns per-item latencies. */
async function measure(base: string): Promise<{ afterPoll: number[]; afterRefresh: number[]; duplicates: number; missing: number }> {
  const feed = new BenchFeed();
  const receiver = new BenchReceiver();
  await feed.start();
  await receiver.start();
  try {
    const watch = await api(base, 'POST', '/watches', { name: 'Bench', query: WORD });
    const channel = await api(base, 'POST', '/channels', { kind: 'webhook', name: 'bench', url: receiver.url });
    await api(base, 'POST', '/rules', { channelId: channel.id, watchId: watch.id, mode: 'instant' });
    const created = await api(base, 'POST', '/feeds', { url: feed.url, title: 'Bench Wire' });
    const afterPoll: number[] = [];
    const afterRefresh: number[] = [];
    let missing = 0;
    let n = 0;
    for (let round = 0; round <= ROUNDS; round++) {
      const batch = Array.from({ length: PER_ROUND }, () => {
        n++;
        return { id: `item-${n}`, title: `Bench ${WORD} story ${n} from the wire`, addedAt: Date.now() };
      });
      feed.items.push(...batch);
      const refreshedAt = performance.timeOrigin + performance.now();
      await api(base, 'POST', `/feeds/${created.id}/refresh`);
      const deadline = Date.now() + 20_000;
      while (batch.some((item) => !receiver.arrived.has(item.title)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      if (round > 0) {
        for (const item of batch) {
          const arrived = receiver.arrived.get(item.title);
          const served = feed.firstServed.get(item.id);
          if (arrived === undefined || served === undefined) {
            missing++;
            continue;
          }
          afterPoll.push(arrived - served);
          afterRefresh.push(arrived - refreshedAt);
        }
      }
      // Start the next round at a random phase of the processes' one-second ticks.
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 800));
    }
    return { afterPoll, afterRefresh, duplicates: receiver.duplicates, missing };
  } finally {
    await feed.stop();
    await receiver.stop();
  }
}

function report(mode: string, result: Awaited<ReturnType<typeof measure>>) {
  for (const [figure, values] of [
    ['alert_latency_after_poll_ms', result.afterPoll],
    ['alert_latency_after_refresh_ms', result.afterRefresh],
  ] as const) {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        figure,
        mode,
        items: sorted.length,
        p50: Math.round(percentile(sorted, 50)),
        p95: Math.round(percentile(sorted, 95)),
        max: Math.round(sorted.at(-1)!),
        missing: result.missing,
        duplicates: result.duplicates,
      }),
    );
  }
}

async function createDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `nw_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = await openDatabase({ databaseUrl: adminUrl, poolSize: 1 });
  await sql.raw(`CREATE DATABASE ${name}`).execute(admin.db);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).execute(admin.db);
      await admin.close();
    },
  };
}

for (const mode of modes) {
  const procs: Proc[] = [];
  let cleanup = async () => {};
  try {
    let base: string;
    if (mode === 'embedded') {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-bench-'));
      cleanup = async () => fs.rmSync(dataDir, { recursive: true, force: true });
      const app = await startProcess('start', { DATA_DIR: dataDir });
      procs.push(app);
      base = app.url;
    } else {
      if (!values.postgres) throw new Error(`${mode} needs --postgres <admin url>`);
      const database = await createDatabase(values.postgres);
      cleanup = () => database.drop();
      const env = { DATABASE_URL: database.url };
      if (mode === 'pg-start') {
        const app = await startProcess('start', env);
        procs.push(app);
        base = app.url;
      } else {
        const server = await startProcess('serve', env);
        procs.push(server);
        procs.push(await startProcess('ingest', env));
        procs.push(await startProcess('dispatch', env));
        base = server.url;
      }
    }
    report(mode, await measure(base));
  } finally {
    for (const proc of procs.reverse()) await stopProcess(proc);
    await cleanup();
  }
}
