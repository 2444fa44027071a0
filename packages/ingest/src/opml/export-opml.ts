import { listFeeds, type Database, type Kysely } from '@newswatch/db';
import { serializeOpml } from './serialize-opml';

/** Every subscription (enabled or not) as an OPML 2.0 document. */
export async function exportOpml(db: Kysely<Database>, now: Date = new Date()): Promise<string> {
  const feeds = await listFeeds(db);
  return serializeOpml({
    title: 'newswatch subscriptions',
    dateCreated: now,
    outlines: feeds.map((f) => ({ xmlUrl: f.url, title: f.title, htmlUrl: f.site_url })),
  });
}
