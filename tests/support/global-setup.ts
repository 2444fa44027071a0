import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openDatabase } from '@newswatch/db';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a migrated template database on the PostgreSQL server, or null when none is reachable. */
    pgTemplateUrl: string | null;
    pgAdminUrl: string | null;
  }
}

const adminUrl = process.env.NEWSWATCH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Creates one migrated template database per run; each test file copies it
 * (`CREATE DATABASE … TEMPLATE`), and everything this run created is dropped at the end.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runPrefix = `nw_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    if (process.env.CI) throw new Error(`PostgreSQL is required in CI but ${adminUrl} is unreachable: ${(error as Error).message}`);
    console.warn(`\n[tests] PostgreSQL at ${adminUrl} is unreachable: PostgreSQL variants are skipped, PGlite variants run.\n`);
    project.provide('pgTemplateUrl', null);
    project.provide('pgAdminUrl', null);
    return async () => {};
  }
  const template = `${runPrefix}_tpl`;
  await admin.query(`CREATE DATABASE ${template}`);
  const templateUrl = withDatabase(adminUrl, template);
  const handle = await openDatabase({ databaseUrl: templateUrl, poolSize: 1 });
  await migrateToLatest(handle.db);
  await handle.close();
  project.provide('pgTemplateUrl', templateUrl);
  project.provide('pgAdminUrl', adminUrl);
  return async () => {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${runPrefix}%`]);
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    await admin.end();
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
