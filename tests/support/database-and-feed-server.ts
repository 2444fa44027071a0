import { afterAll, beforeAll } from 'vitest';
import type { Backend, DatabaseHandle } from '@newswatch/db';
import { createTestDatabase } from './databases';
import { FeedServer } from './feed-server';

/**
 * A describe block's fresh database on `backend` and a feed server on 127.0.0.1, started before
 * its tests and stopped after them. `url` is the PostgreSQL database's (null on PGlite), for a
 * second process's connections.
 */
export function databaseAndFeedServer(backend: Backend) {
  const state = {} as { handle: DatabaseHandle & { url: string | null } };
  const server = new FeedServer();
  beforeAll(async () => {
    state.handle = await createTestDatabase(backend);
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
    await state.handle?.close();
  });
  return {
    server,
    get db() {
      return state.handle.db;
    },
    get url() {
      return state.handle.url;
    },
  };
}
