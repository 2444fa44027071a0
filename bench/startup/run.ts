/**
 * bench/startup: how fast a newswatch process answers /healthz after spawn, and how much memory
 * it holds once idle, for the built JavaScript (`packages/cli/dist/main.js`) and the TypeScript
 * sources run through tsx. One JSON line per process. Run:
 *
 *   npx tsx bench/startup/run.ts                           # every variant (builds dist first)
 *   npx tsx bench/startup/run.ts --variants built-start-pglite,tsx-start-pglite --settle 10
 *   npx tsx bench/startup/run.ts --postgres postgres://postgres@127.0.0.1:5432/postgres
 *
 * Each variant starts twice on its own new database: the first start creates it (PGlite's
 * initdb, or the migrations on PostgreSQL), the second opens it as every later start does.
 * Idle RSS is VmRSS of the app process read from /proc after `--settle` seconds of idling.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openDatabase, sql } from '@newswatch/db';
import { memoryOf, startedAndHealthy } from './process-probe';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: { postgres: { type: 'string' }, variants: { type: 'string' }, settle: { type: 'string', default: '10' } },
});
const adminUrl = values.postgres ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const settleMs = Number(values.settle) * 1000;

interface Variant {
  name: string;
  command: 'start' | 'serve';
  backend: 'pglite' | 'postgres';
  /** Node arguments before the command: the entry file and its loader. */
  entry: string[];
}

// The flags of `pnpm start` and the Docker image: a capped V8 heap, and no optimizing tier
// for WebAssembly (PGlite). The systemd units run the PostgreSQL roles with the heap cap only.
const heapCap = '--max-old-space-size=256';
const startFlags = [heapCap, '--liftoff-only'];
const builtEntry = path.join(repoRoot, 'packages/cli/dist/main.js');
const sourceEntry = ['--import', 'tsx', path.join(repoRoot, 'packages/cli/src/main.ts')];
const variants: Variant[] = [
  { name: 'built-start-pglite', command: 'start', backend: 'pglite', entry: [...startFlags, builtEntry] },
  // The same without --liftoff-only: what V8's optimizing tier for PGlite's WASM costs at rest.
  { name: 'built-start-pglite-turbofan', command: 'start', backend: 'pglite', entry: [heapCap, builtEntry] },
  { name: 'tsx-start-pglite', command: 'start', backend: 'pglite', entry: [heapCap, ...sourceEntry] },
  { name: 'built-serve-postgres', command: 'serve', backend: 'postgres', entry: [heapCap, builtEntry] },
  { name: 'tsx-serve-postgres', command: 'serve', backend: 'postgres', entry: [heapCap, ...sourceEntry] },
];
const chosen = values.variants ? variants.filter((v) => values.variants!.split(',').includes(v.name)) : variants;

if (chosen.some((v) => v.entry.includes(builtEntry))) {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build.mjs')], { stdio: 'inherit', cwd: repoRoot });
}

/** Runs one statement on the admin database (CREATE/DROP DATABASE cannot run in a transaction). */
async function onAdmin(statement: string): Promise<void> {
  const handle = await openDatabase({ databaseUrl: adminUrl, poolSize: 1 });
  try {
    await sql.raw(statement).execute(handle.db);
  } finally {
    await handle.close();
  }
}

async function createPostgresDatabase(): Promise<string> {
  const name = `bench_startup_${process.pid}_${Date.now()}`;
  await onAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const dropPostgresDatabase = (url: string) => onAdmin(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);

for (const variant of chosen) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-bench-startup-'));
  const databaseUrl = variant.backend === 'postgres' ? await createPostgresDatabase() : undefined;
  // No default feeds: they would reach the Internet, and polling is not what this measures.
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: os.tmpdir(),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    NEWSWATCH_DEFAULTS: 'false',
    LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  try {
    const first = await startedAndHealthy([...variant.entry, variant.command], env, repoRoot);
    await first.stop();
    const again = await startedAndHealthy([...variant.entry, variant.command], env, repoRoot);
    await new Promise((r) => setTimeout(r, settleMs));
    const memory = memoryOf(again.pid);
    await again.stop();
    console.log(
      JSON.stringify({
        bench: 'startup',
        variant: variant.name,
        first_start_ms: first.readyMs,
        start_ms: again.readyMs,
        node_args: variant.entry.map((arg) => path.relative(repoRoot, arg) || arg).join(' '),
        settle_s: settleMs / 1000,
        idle_rss_mb: memory.rssMb,
        peak_rss_mb: memory.peakMb,
        node: process.version,
      }),
    );
  } finally {
    if (databaseUrl) await dropPostgresDatabase(databaseUrl);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
