import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually } from '../support/api-client';
import { FeedServer, rssFeed } from '../support/feed-server';
import { startNewswatch, tempDir, type NewswatchProcess } from '../support/newswatch-process';
import { signIn } from '../support/signed-in-pages';

const TOKEN = 'reader-isolation-token-0123456789';
const ADMIN = { email: 'reader@example.org', password: 'reader-password-1' };
const HUGE_REASON = "reading the feed needed more than the reader's 256 MB of memory";

/**
 * Ten megabytes of minimal items — under the fetch's size cap — take more memory to parse than
 * a process of 256 MB (every deployment's heap) has. Read on the server's thread, the poll
 * killed the server, and each restart's next poll of the same feed killed it again (so did a
 * preview of it). Read on a reader thread, the poll or preview fails on its own and says why;
 * the server and the other feeds go on.
 */
describe('a feed document larger in memory than the process', () => {
  const server = new FeedServer();
  const dataDir = tempDir('nw-reader-');
  let app: NewswatchProcess;

  beforeAll(async () => {
    await server.start();
    const minimalItems = '<item><title>x</title></item>'.repeat(330_000); // 9.6 MB
    const huge = `<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>${minimalItems}</channel></rss>`;
    server.set('/huge.xml', { body: huge });
    server.set('/huge-preview.xml', { body: huge });
    server.set('/wire.xml', {
      body: rssFeed('Wire', [
        { title: 'Harbour cranes idle after strike', link: 'http://127.0.0.1/a', description: 'Dock workers stayed out.' },
        { title: 'Shipping agents reroute vessels', link: 'http://127.0.0.1/b', description: 'Seventeen ships diverted.' },
      ]),
    });
    app = await startNewswatch('start', {
      DATA_DIR: dataDir,
      ALLOW_PRIVATE_FEEDS: 'true',
      NEWSWATCH_API_TOKEN: TOKEN,
      NEWSWATCH_ADMIN_EMAIL: ADMIN.email,
      NEWSWATCH_ADMIN_PASSWORD: ADMIN.password,
      NEWSWATCH_DEFAULTS: 'false',
      LOG_LEVEL: 'warn',
      NODE_OPTIONS: '--max-old-space-size=256',
    });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a preview of it with the reason, and stays up', { timeout: 30_000 }, async () => {
    const session = await signIn(app.url, ADMIN);
    const preview = await session.page('/feeds/preview', { form: { url: `${server.url}/huge-preview.xml`, title: '' } });
    expect(preview.html).toContain(HUGE_REASON.replace("'", '&#39;'));
    expect(app.child.exitCode).toBeNull();
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it("fails that feed's poll with the reason, and the server and the other feed carry on", { timeout: 90_000 }, async () => {
    const api = apiClient(app.url, TOKEN);
    const huge = (await api.post<{ id: number }>('/feeds', { url: `${server.url}/huge.xml` })).body;
    const wire = (await api.post<{ id: number }>('/feeds', { url: `${server.url}/wire.xml` })).body;

    const failed = await eventually(
      async () => {
        const feed = (await api.get<{ lastError: string | null }>(`/feeds/${huge.id}`)).body;
        return feed.lastError ? feed : null;
      },
      60_000,
      'the huge feed to fail',
    );
    expect(failed.lastError).toBe(HUGE_REASON);
    const stories = await eventually(
      async () => {
        const listed = (await api.get<{ items: { title: string; feedId: number }[] }>(`/stories?feed=${wire.id}`)).body.items;
        return listed.length === 2 ? listed : null;
      },
      30_000,
      "the wire feed's stories",
    );
    expect(stories.map((s) => s.title).sort()).toEqual(['Harbour cranes idle after strike', 'Shipping agents reroute vessels']);
    expect(app.child.exitCode).toBeNull();
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
