import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, startRuntime, type Runtime } from '@newswatch/cli';
import { openDatabase } from '@newswatch/db';
import { apiClient, eventually } from '../support/api-client';
import { FeedServer, rssFeed } from '../support/feed-server';
import { inProcessConfig, TEST_TOKEN } from '../support/in-process-app';
import { tempDir } from '../support/newswatch-process';

/*
 * Editing a watch re-matches the last 30 days in the background. A crash (or a kill after a
 * stop timed out) between the edit and the end of that re-match must not leave the watch's
 * matches those of its old query for good: the next start owes it the re-match.
 */
describe('a watch edit whose re-match a crash or a stop cut short', () => {
  const feeds = new FeedServer();
  const dataDir = tempDir('nw-rematch-');
  const config = inProcessConfig(dataDir, { NEWSWATCH_DEFAULTS: 'false' });
  let runtime: Runtime | undefined;
  const start = async () => {
    runtime = await startRuntime(config, createLogger('silent'), { ingest: true, dispatch: false, serve: true });
    return apiClient(runtime.url!, TEST_TOKEN);
  };
  const matchedTitles = async (api: ReturnType<typeof apiClient>, watchId: number): Promise<string[]> =>
    (await api.get(`/stories?watch=${watchId}`)).body.items.map((story: { title: string }) => story.title);

  beforeAll(() => feeds.start());
  afterAll(async () => {
    await runtime?.stop();
    await feeds.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is re-matched at the next start after a crash or a stop cut it short', async () => {
    let api = await start();
    const url = feeds.set('/port.xml', {
      body: rssFeed('Port authority', [
        { title: 'Harbour cranes idle after strike', link: 'https://port.test/cranes', description: 'Dock workers walked out.', pubDate: new Date() },
        { title: 'Old quay reopens to container ships', link: 'https://port.test/quay', description: 'Dredging is finished.', pubDate: new Date() },
      ]),
    });
    await api.post('/feeds', { url });
    await eventually(async () => (await api.get('/stories')).body.items.length === 2, 15_000, 'stories stored');
    const watch = (await api.post('/watches', { name: 'Port', query: 'harbour' })).body as { id: number };
    await eventually(async () => (await matchedTitles(api, watch.id)).length === 1, 15_000, 'the first query matched');
    await runtime!.stop();
    runtime = undefined;

    // The query edited and the process gone before its re-match ran, as a kill right after the edit leaves it.
    const handle = await openDatabase({ dataDir });
    try {
      await handle.db.updateTable('watches').set({ query: 'quay' }).where('id', '=', watch.id).execute();
      const edited = await handle.db.selectFrom('watches').select('rematch_due_at').where('id', '=', watch.id).executeTakeFirstOrThrow();
      expect(edited.rematch_due_at).not.toBeNull();
    } finally {
      await handle.close();
    }

    api = await start();
    await eventually(async () => (await matchedTitles(api, watch.id)).join() === 'Old quay reopens to container ships', 15_000, 'the edited query re-matched');
    const after = await runtime!.handle.db.selectFrom('watches').select('rematch_due_at').where('id', '=', watch.id).executeTakeFirstOrThrow();
    expect(after.rematch_due_at).toBeNull();

    // A stop does not wait for a re-match: it ends between two pages (here before the first), the re-match owed still.
    await runtime!.handle.db.updateTable('watches').set({ query: 'cranes' }).where('id', '=', watch.id).execute();
    runtime!.rematch.enqueue(watch.id);
    const rematchStopped = runtime!.rematch.stop();
    await runtime!.stop();
    await rematchStopped;
    runtime = undefined;
    const stopped = await openDatabase({ dataDir });
    try {
      const owed = await stopped.db.selectFrom('watches').select('rematch_due_at').where('id', '=', watch.id).executeTakeFirstOrThrow();
      expect(owed.rematch_due_at).not.toBeNull();
    } finally {
      await stopped.close();
    }
    api = await start();
    await eventually(
      async () => (await matchedTitles(api, watch.id)).join() === 'Harbour cranes idle after strike',
      15_000,
      'the re-match a stop cut short ran',
    );
  });
});
