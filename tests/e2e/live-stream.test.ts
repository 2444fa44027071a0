import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually } from '../support/api-client';
import { hasChromium, launchBrowser } from '../support/browser';
import { FeedServer, rssFeed, type TestItem } from '../support/feed-server';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';

const ADMIN = { email: 'desk@example.org', password: 'stream-password-1' };

describe.runIf(hasChromium)('dashboard live stream in Chromium', () => {
  let app: Awaited<ReturnType<typeof startInProcess>>;
  const feeds = new FeedServer();
  const items: TestItem[] = [
    { title: 'Kim Jong Un opens a new factory', link: 'https://live.example/1', description: '.', pubDate: new Date(Date.now() - 60_000) },
  ];

  beforeAll(async () => {
    await feeds.start();
    feeds.set('/live.xml', () => ({ body: rssFeed('Live Wire', items) }));
    app = await startInProcess({ NEWSWATCH_ADMIN_EMAIL: ADMIN.email, NEWSWATCH_ADMIN_PASSWORD: ADMIN.password });
  });
  afterAll(async () => {
    await app?.cleanup();
    await feeds.stop();
  });

  it('puts a newly matched story on top without a reload', async () => {
    const api = apiClient(app.url, TEST_TOKEN);
    const feed = (await api.post('/feeds', { url: `${feeds.url}/live.xml` })).body;
    await eventually(async () => (await api.get('/stories?matched=true')).body.items.length === 1 || null, 10_000);

    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${app.url}/login`);
      await page.fill('input[name=email]', ADMIN.email);
      await page.fill('input[name=password]', ADMIN.password);
      await page.click('button[type=submit]');
      await page.waitForSelector('article.story');
      expect(await page.locator('article.story').count()).toBe(1);
      // Give the event stream a moment to connect before the news breaks.
      await page.waitForTimeout(500);

      items.unshift({
        title: 'Arms transfer to Russia confirmed, says UN panel',
        link: 'https://live.example/2',
        description: 'Shipments of artillery shells were delivered.',
        pubDate: new Date(),
      });
      await api.post(`/feeds/${feed.id}/refresh`);
      await page.locator('article.story').nth(1).waitFor({ timeout: 10_000 });
      const first = await page.locator('article.story h2').first().textContent();
      expect(first).toContain('Arms transfer to Russia confirmed');
      expect(await page.locator('article.story').first().locator('mark').count()).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  });
});
