import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually } from '../support/api-client';
import { quickDatabaseEnv } from '../support/databases';
import { FeedServer, rssFeed } from '../support/feed-server';
import { startNewswatch, tempDir, type NewswatchProcess } from '../support/newswatch-process';
import { signIn } from '../support/signed-in-pages';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const distEntry = path.join(repoRoot, 'packages/cli/dist/main.js');
const ADMIN = { email: 'built@example.org', password: 'built-password-1' };
const TOKEN = 'built-token-0123456789abcdef';

/**
 * Production runs the bundle, not the sources: this proves the build works and ships what the
 * code reads from disk (static files, htmx from node_modules, the query guide).
 */
describe('the built newswatch command', () => {
  let app: NewswatchProcess | undefined;
  const dataDir = tempDir('nw-built-');
  const feeds = new FeedServer();

  beforeAll(async () => {
    await feeds.start();
    // Builds unless packages/cli/dist already matches the sources (a fresh clone always builds).
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts/ensure-build.mjs')], { cwd: repoRoot, stdio: 'pipe' });
    const env = {
      ...(await quickDatabaseEnv()),
      DATA_DIR: dataDir,
      NEWSWATCH_DEFAULTS: 'false',
      NEWSWATCH_ADMIN_EMAIL: ADMIN.email,
      NEWSWATCH_ADMIN_PASSWORD: ADMIN.password,
      NEWSWATCH_API_TOKEN: TOKEN,
      ALLOW_PRIVATE_FEEDS: 'true',
      LOG_LEVEL: 'warn',
    };
    app = await startNewswatch('start', env, 60_000, [distEntry]);
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await feeds.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is one JavaScript file that runs without tsx', () => {
    const bundle = fs.readFileSync(distEntry, 'utf8');
    expect(bundle).not.toMatch(/from ['"]tsx/);
    expect(bundle).not.toMatch(/from ['"]@newswatch\//);
  });

  it('starts, answers /healthz and /readyz, and serves its static files and the query guide', async () => {
    expect((await fetch(`${app!.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${app!.url}/readyz`)).status).toBe(200);
    for (const [file, type] of [
      ['app.css', 'text/css'],
      ['keys.js', 'text/javascript'],
      ['htmx.min.js', 'text/javascript'],
      ['htmx-sse.js', 'text/javascript'],
    ]) {
      const res = await fetch(`${app!.url}/static/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect((await res.text()).length).toBeGreaterThan(100);
    }
    const session = await signIn(app!.url, ADMIN);
    const guide = await session.page('/help/query-language');
    expect(guide.status).toBe(200);
    expect(guide.html).toContain('The newswatch query language');
  });

  it('polls a feed, its document read on a reader thread of the build (dist/read-feed-thread.js)', async () => {
    const url = feeds.set('/feed.xml', {
      body: rssFeed('Built wire', [
        { title: 'Reader thread story one', link: 'http://127.0.0.1/one', description: 'First.' },
        { title: 'Reader thread story two', link: 'http://127.0.0.1/two', description: 'Second.' },
      ]),
    });
    const api = apiClient(app!.url, TOKEN);
    expect((await api.post('/feeds', { url })).status).toBe(201);
    const stories = await eventually(
      async () => {
        const listed = (await api.get<{ items: { title: string }[] }>('/stories')).body.items;
        return listed.length === 2 ? listed : null;
      },
      30_000,
      'both stories stored',
    );
    expect(stories.map((s) => s.title).sort()).toEqual(['Reader thread story one', 'Reader thread story two']);
    expect(fs.existsSync(path.join(repoRoot, 'packages/cli/dist/read-feed-thread.js'))).toBe(true);
  });
});
