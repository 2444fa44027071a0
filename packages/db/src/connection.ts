import type { PGliteInterface } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock';
import { initializePGliteDataDir } from './pglite-initdb';
import type { Database } from './database';
import { SerializedPGliteDialect } from './serialized-pglite-dialect';

// count(*) and other int8 values: pg returns strings, PGlite numbers. Agree on numbers.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export type Backend = 'postgres' | 'pglite';

/**
 * Postgres' 128MB default lives inside the WASM memory, resident for the process's life.
 * With 32MB the 5,000-feed bench/poll-cycle runs as fast (the OS page cache keeps the rest
 * close) and peaks 160 MB lower.
 */
const PGLITE_SHARED_BUFFERS = '32MB';

export interface DatabaseOptions {
  /** postgres://… — when set, PostgreSQL; otherwise PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; omit for an in-memory database (tests). */
  dataDir?: string | undefined;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  backend: Backend;
  /** Several processes may share this database (only true on PostgreSQL). */
  shared: boolean;
  close(): Promise<void>;
}

/** Handles of a backend with one connection (PGlite): a transaction waits for the one before to end. */
const oneConnection = new WeakSet<Kysely<Database>>();

/**
 * Whether `db` has one connection, every transaction waiting for the one before to end
 * (PGlite): a connection held aside (`db.connection()`) would leave none for transactions.
 */
export function hasOneConnection(db: Kysely<Database>): boolean {
  return oneConnection.has(db);
}

/** Opens PostgreSQL when a URL is given, else PGlite in `dataDir` (holding its lock file). */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    // No JIT: it compiles plans whose estimated cost is high, and a table without statistics
    // yet (the first minutes of a big import) turned 2 ms lookups into 300 ms of compiling.
    // Our statements are short; none gains from it.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, options: '-c jit=off' });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, backend: 'postgres', shared: true, close: () => db.destroy() };
  }
  const release = options.dataDir ? acquireDataDirLock(options.dataDir) : () => {};
  try {
    if (options.dataDir) initializePGliteDataDir(options.dataDir);
    // Loaded only here: its module alone is ~49 MB resident, dead weight in processes on PostgreSQL.
    const { PGlite } = await import('@electric-sql/pglite');
    const settings = { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`] };
    const pglite = options.dataDir ? new PGlite(options.dataDir, settings) : new PGlite(settings);
    await pglite.waitReady;
    return openPGlite(pglite, release);
  } catch (error) {
    release();
    throw error;
  }
}

/** Wraps an already open PGlite instance (tests clone a migrated template). */
export function openPGlite(pglite: PGliteInterface, release: () => void = () => {}): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new SerializedPGliteDialect({ pglite }) });
  oneConnection.add(db);
  return {
    db,
    backend: 'pglite',
    shared: false,
    close: async () => {
      await db.destroy();
      release();
    },
  };
}
