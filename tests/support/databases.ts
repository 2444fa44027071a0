import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { migrateToLatest, openDatabase, openPGlite, type Backend, type DatabaseHandle } from '@newswatch/db';

let counter = 0;
let pgliteTemplate: Promise<PGlite> | undefined;

/** The backends a storage test runs on: PGlite always, PostgreSQL when reachable (always in CI). */
export function testBackends(): Backend[] {
  return inject('pgTemplateUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

/** A fresh, migrated database on `backend`, private to the caller. */
export async function createTestDatabase(backend: Backend): Promise<DatabaseHandle & { url: string | null }> {
  if (backend === 'postgres') {
    const url = await createPostgresDatabase();
    const handle = await openDatabase({ databaseUrl: url, poolSize: 5 });
    return { ...handle, url };
  }
  pgliteTemplate ??= (async () => {
    const template = new PGlite();
    await template.waitReady;
    const handle = openPGlite(template);
    await migrateToLatest(handle.db);
    return template;
  })();
  const clone = await (await pgliteTemplate).clone();
  return { ...openPGlite(clone), url: null };
}

/** Copies the run's migrated template into a new PostgreSQL database; returns its URL. */
export async function createPostgresDatabase(): Promise<string> {
  const templateUrl = inject('pgTemplateUrl');
  const adminUrl = inject('pgAdminUrl');
  if (!templateUrl || !adminUrl) throw new Error('PostgreSQL is not available to this test run');
  const template = new URL(templateUrl).pathname.slice(1);
  const name = `${template.replace(/_tpl$/, '')}_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Environment for an app on a fresh PostgreSQL database when this run has a server (always in
 * CI), else none (a fresh PGlite). Copying the migrated template takes a second where a new
 * PGlite data dir takes several: for files that start more than one app.
 */
export async function quickDatabaseEnv(): Promise<Record<string, string>> {
  return inject('pgTemplateUrl') ? { DATABASE_URL: await createPostgresDatabase() } : {};
}
