/**
 * Renders the feeds pages of an in-process newswatch to PNG for a visual check (not a test):
 *   cd tests && npx tsx feeds/screenshot-feeds.mts /tmp/newswatch-feed-shots
 * Healthy, failing (HTTP 500, HTML page, connection refused) and disabled feeds, the add-feed
 * preview and its error, an OPML import summary, the delete confirmation and the empty state.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiClient, eventually } from '../support/api-client';
import { launchBrowser } from '../support/browser';
import { FeedServer, rssFeed } from '../support/feed-server';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? '/tmp/newswatch-feed-shots';
const ADMIN = { email: 'analyst@example.org', password: 'correct horse battery' };
const items = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({
    title: `${prefix} story ${i + 1}: Kim Jong Un and the UN Security Council`,
    link: `https://news.example/${prefix}/${i}`,
    description: 'Sample.',
    pubDate: new Date(Date.now() - i * 3_600_000),
  }));

const server = await new FeedServer().start();
const app = await startInProcess({ NEWSWATCH_ADMIN_EMAIL: ADMIN.email, NEWSWATCH_ADMIN_PASSWORD: ADMIN.password });
const api = apiClient(app.url, TEST_TOKEN);
const browser = await launchBrowser();
try {
  const good = server.set('/world.xml', { body: rssFeed('Example World News', items(6, 'world')) });
  const broken = server.set('/broken.xml', { body: 'oops', status: 500, contentType: 'text/plain' });
  const html = server.set('/page.html', { body: '<html><body>not a feed</body></html>', contentType: 'text/html' });
  const off = server.set('/paused.xml', { body: rssFeed('Paused Wire', items(2, 'paused')) });
  for (const url of [good, broken, html, 'http://127.0.0.1:1/refused.xml', off]) await api.post('/feeds', { url });
  const ids = (await api.get('/feeds')).body.items.map((f: { id: number }) => f.id);
  await eventually(async () => (await api.get('/feeds')).body.items.every((f: { lastFetchedAt: string | null }) => f.lastFetchedAt), 15_000);
  await api.patch(`/feeds/${ids[4]}`, { enabled: false });

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${app.url}/feeds`);
  await page.fill('input[name=email]', ADMIN.email);
  await page.fill('input[name=password]', ADMIN.password);
  await page.click('button[type=submit]');
  await page.goto(`${app.url}/feeds`);
  await page.screenshot({ path: `${out}/1-feeds.png`, fullPage: true });

  const fresh = server.set('/asia.xml', { body: rssFeed('Asia Desk', items(12, 'asia')) });
  await page.fill('input[name=url]', fresh);
  await page.click('form[action="/feeds/preview"] button[type=submit]');
  await page.waitForSelector('#feed-preview h3');
  await page.screenshot({ path: `${out}/2-preview.png`, fullPage: true });

  await page.fill('input[name=url]', 'http://127.0.0.1:1/nothing.xml');
  await page.click('form[action="/feeds/preview"] button[type=submit]');
  await page.waitForSelector('#feed-preview .error');
  await page.screenshot({ path: `${out}/3-preview-error.png` });

  await page.setInputFiles('input[name=opml]', path.join(here, '../../packages/ingest/src/opml/testdata/inoreader-export.xml'));
  await page.click('form[action="/feeds/import"] button[type=submit]');
  await page.waitForSelector('.import-summary');
  await page.screenshot({ path: `${out}/4-import.png`, fullPage: true });

  await page.click(`#feed-${ids[1]} a.button.danger`);
  await page.waitForSelector('.confirm');
  await page.screenshot({ path: `${out}/5-delete-confirm.png` });

  await page.goto(`${app.url}/feeds`);
  await page.click(`#feed-${ids[0]} form[action$="/refresh"] button`);
  await page.waitForSelector(`#feed-${ids[0]} .row-flash`);
  await page.screenshot({ path: `${out}/6-refresh.png` });

  for (const feed of (await api.get('/feeds')).body.items) await api.delete(`/feeds/${feed.id}`);
  await page.goto(`${app.url}/feeds`);
  await page.screenshot({ path: `${out}/7-empty.png` });
  await page.setViewportSize({ width: 420, height: 900 });
  await page.screenshot({ path: `${out}/8-narrow.png`, fullPage: true });
} finally {
  await browser.close();
  await app.cleanup();
  await server.stop();
}
console.log(`screenshots in ${out}`);
