/**
 * bench/poll-cycle: one poller process polls a local farm of 5,000 feeds (1,000 loopback hosts ×
 * 5 feeds, 20 items each, ~50 ms latency; 200 on first sight, then a mix of 200 and 304) on
 * PGlite and on PostgreSQL. Each backend runs in its own process so peak RSS is its own.
 * One JSON line per figure. Run:
 *
 *   npx tsx bench/poll-cycle/run.ts                      # PGlite, and PostgreSQL when reachable
 *   npx tsx bench/poll-cycle/run.ts --postgres postgres://postgres@127.0.0.1:5432/postgres
 *   npx tsx bench/poll-cycle/run.ts --backends pglite
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openDatabase, sql } from '@newswatch/db';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { postgres: { type: 'string' }, backends: { type: 'string' } } });
const adminUrl = values.postgres ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<boolean> {
  try {
    const handle = await openDatabase({ databaseUrl: adminUrl, poolSize: 1 });
    try {
      await sql`select 1`.execute(handle.db);
      return true;
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

const backends = values.backends ? values.backends.split(',') : ['pglite', ...((await postgresReachable()) ? ['postgres'] : [])];
for (const backend of backends) {
  const code = await new Promise<number | null>((resolve) => {
    // Node flags as every deployment runs (`pnpm start`, the Docker image, the systemd units).
    const flags = ['--max-old-space-size=256'];
    const child = spawn(process.execPath, [...flags, '--import', 'tsx', path.join(here, 'poll.ts'), backend, adminUrl], { stdio: 'inherit' });
    child.on('exit', resolve);
  });
  if (code !== 0) {
    console.error(`bench/poll-cycle: the ${backend} run failed (exit ${code})`);
    process.exitCode = 1;
  }
}
