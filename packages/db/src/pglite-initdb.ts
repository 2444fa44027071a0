import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Creating a PGlite data directory runs initdb inside the WebAssembly Postgres, and a WASM
 * memory never shrinks: the process that did it keeps ~900 MB resident for good, against
 * ~250 MB for one that opens an existing directory. So a new directory is created by a
 * short-lived child process; the long-running one only ever opens it.
 */
export function initializePGliteDataDir(dataDir: string): void {
  if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  fs.mkdirSync(dataDir, { recursive: true });
  const entry = import.meta.resolve('@electric-sql/pglite');
  // Errors from inside the WASM file system carry only an errno: say what it was.
  const script = [
    `const { PGlite } = await import(process.argv[1]);`,
    `try { const db = new PGlite(process.argv[2]); await db.waitReady; await db.close(); }`,
    `catch (e) { console.error(e?.message || (e?.errno !== undefined ? 'file system error (errno ' + e.errno + ')' : String(e))); process.exit(1); }`,
  ].join('\n');
  const child = spawnSync(process.execPath, ['--input-type=module', '--eval', script, entry, dataDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (child.status !== 0 || !fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const reason = child.error?.message ?? (child.stderr.trim().split('\n').at(-1) || `exit ${child.status ?? child.signal}`);
    throw new Error(`Could not create the embedded database in ${dataDir}: ${reason}. Use an empty directory (DATA_DIR) that newswatch can write to.`);
  }
}
