import { afterAll, beforeAll } from 'vitest';
import { createAlertComposer } from '@newswatch/alerts';
import type { Backend, DatabaseHandle, Feed } from '@newswatch/db';
import { storeItemsOfFeeds, WatchMatcher, type StoreJob } from '@newswatch/ingest';
import { createTestDatabase } from './databases';
import { createOutletFeeds } from './outlet-feeds';

/**
 * A describe block's fresh database on `backend` with one feed per outlet name ("a" → "Outlet
 * A"), made before its tests and closed after them; `store` stores items as the ingest
 * pipeline stores a batch of polled feeds (no alert channel configured).
 */
export function outletsOnFreshDatabase(backend: Backend, names: readonly string[]) {
  const state = {} as { handle: DatabaseHandle; feeds: Feed[]; matcher: WatchMatcher };
  const alerts = createAlertComposer(null);
  beforeAll(async () => {
    state.handle = await createTestDatabase(backend);
    state.feeds = await createOutletFeeds(state.handle.db, names);
    state.matcher = new WatchMatcher(state.handle.db);
  });
  afterAll(async () => {
    await state.handle?.close();
  });
  return {
    get db() {
      return state.handle.db;
    },
    get feeds() {
      return state.feeds;
    },
    store: (jobs: StoreJob[]) => storeItemsOfFeeds(state.handle.db, jobs, state.matcher, alerts),
  };
}
