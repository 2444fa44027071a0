/**
 * A second ingest process for the race test: stores outlet `b`'s copy of each round's event at
 * the given moments, against the PostgreSQL database the test also writes to.
 * Usage: store-copies-process.ts <databaseUrl> <feedId> <rounds> <firstStartAtMs> <stepMs>
 */
import { createAlertComposer } from '@newswatch/alerts';
import { findFeedById, openDatabase } from '@newswatch/db';
import { storeItemsOfFeeds, WatchMatcher } from '@newswatch/ingest';
import { raceCopy } from './race-copies';

const [databaseUrl, feedId, rounds, startAt, step] = process.argv.slice(2);
const handle = await openDatabase({ databaseUrl: databaseUrl!, poolSize: 2 });
const feed = (await findFeedById(handle.db, Number(feedId)))!;
const matcher = new WatchMatcher(handle.db);
await matcher.refresh();
for (let round = 0; round < Number(rounds); round++) {
  const at = Number(startAt) + round * Number(step);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
  await storeItemsOfFeeds(handle.db, [{ feed, items: [raceCopy(round, 'b')] }], matcher, createAlertComposer(null));
}
await handle.close();
console.log('stored');
