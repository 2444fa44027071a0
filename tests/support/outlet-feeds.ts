import { createFeed, type Database, type Feed, type Kysely } from '@newswatch/db';

/** One feed per outlet name ("a" → "Outlet A"), created in order; never fetched (no server behind them). */
export async function createOutletFeeds(db: Kysely<Database>, names: readonly string[]): Promise<Feed[]> {
  const feeds: Feed[] = [];
  for (const name of names) feeds.push((await createFeed(db, { url: `http://127.0.0.1/outlet-${name}/feed.xml`, title: `Outlet ${name.toUpperCase()}` }))!);
  return feeds;
}
