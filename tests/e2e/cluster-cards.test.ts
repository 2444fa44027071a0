import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually } from '../support/api-client';
import { hasChromium, launchBrowser } from '../support/browser';
import { FeedServer, rssFeed, type TestItem } from '../support/feed-server';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';

const ADMIN = { email: 'desk@example.org', password: 'cluster-password-1' };
const WIRE = 'https://wire.example/2026/12/vantorium-deal';
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

/** The dashboard shows an event once, however many outlets carry it, and its card grows as they do. */
describe.runIf(hasChromium)('one card per cluster on the dashboard, in Chromium', () => {
  let app: Awaited<ReturnType<typeof startInProcess>>;
  const feeds = new FeedServer();
  const outletA: TestItem[] = [
    {
      title: 'Vantorium deal signed in the capital',
      link: `${WIRE}?utm_source=a`,
      description: 'The mining deal was signed on Friday.',
      pubDate: minutesAgo(50),
    },
    { title: 'Vantorium mine reopens after the flood', link: 'https://a.example/mine', description: 'Work resumed.', pubDate: minutesAgo(40) },
  ];
  const outletB: TestItem[] = [
    // The same article (one canonical URL) under a headline without the watch word.
    { title: 'Mining agreement concluded', link: `${WIRE}?utm_source=b`, description: 'Officials concluded it.', pubDate: minutesAgo(30) },
  ];

  beforeAll(async () => {
    await feeds.start();
    feeds.set('/a.xml', () => ({ body: rssFeed('Outlet A', outletA) }));
    feeds.set('/b.xml', () => ({ body: rssFeed('Outlet B', outletB) }));
    feeds.set('/c.xml', () => ({
      body: rssFeed('Outlet C', [{ title: 'Mining contract signed, officials say', link: `${WIRE}?utm_source=c`, description: '.', pubDate: new Date() }]),
    }));
    app = await startInProcess({ NEWSWATCH_DEFAULTS: 'false', NEWSWATCH_ADMIN_EMAIL: ADMIN.email, NEWSWATCH_ADMIN_PASSWORD: ADMIN.password });
  });
  afterAll(async () => {
    await app?.cleanup();
    await feeds.stop();
  });

  it('shows the first story with its outlet count, and grows the card live as copies arrive', async () => {
    const api = apiClient(app.url, TEST_TOKEN);
    await api.post('/watches', { name: 'Vantorium', query: 'vantorium' });
    for (const path of ['/a.xml', '/b.xml']) await api.post('/feeds', { url: `${feeds.url}${path}` });
    await eventually(async () => (await api.get('/stories')).body.items.length === 3 || null, 15_000, 'three stories');
    const stories = (await api.get('/stories')).body.items as { id: number; title: string; clusterId: number }[];
    const lead = stories.find((s) => s.title.startsWith('Vantorium deal'))!;
    expect(stories.find((s) => s.title.startsWith('Mining'))!.clusterId).toBe(lead.clusterId);

    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${app.url}/login`);
      await page.fill('input[name=email]', ADMIN.email);
      await page.fill('input[name=password]', ADMIN.password);
      await page.click('button[type=submit]');
      await page.waitForSelector('[data-story-item]');

      // Two events, two cards: the copy from Outlet B is no card of its own.
      expect(await page.locator('[data-story-item]').count()).toBe(2);
      const card = page.locator(`#cluster-${lead.clusterId}`);
      expect(await card.locator('h2').textContent()).toBe('Vantorium deal signed in the capital');
      expect(await card.locator('.story-meta .source').textContent()).toBe('Outlet A');
      expect(await card.locator('.cluster-coverage .badge').textContent()).toBe('2 outlets');
      expect(await card.locator('.cluster-coverage').textContent()).toContain('also Outlet B');
      expect(await card.locator('.chip').allTextContents()).toEqual(['Vantorium']);
      // Give the event stream a moment to connect before the next outlet publishes.
      await page.waitForTimeout(500);

      // A third outlet carries the event, under a headline without the watch word: the card on
      // the page grows, no card is added.
      const c = (await api.post('/feeds', { url: `${feeds.url}/c.xml` })).body;
      await eventually(async () => (await api.get(`/feeds/${c.id}`)).body.lastFetchedAt, 10_000, 'poll of outlet C');
      await page.waitForSelector(`#cluster-${lead.clusterId} .cluster-coverage[data-outlets="3"]`, { timeout: 10_000 });
      expect(await card.locator('.cluster-coverage .badge').textContent()).toBe('3 outlets');
      expect(await card.locator('.cluster-coverage').textContent()).toContain('also Outlet B, Outlet C');
      expect(await card.locator('h2').textContent()).toBe('Vantorium deal signed in the capital');
      expect(await page.locator('[data-story-item]').count()).toBe(2);

      // A new event still arrives as a card of its own, on top.
      outletA.unshift({ title: 'Vantorium prices hit a record', link: 'https://a.example/prices', description: '.', pubDate: new Date() });
      const a = ((await api.get('/feeds')).body.items as { id: number; url: string }[]).find((f) => f.url.endsWith('/a.xml'))!;
      await api.post(`/feeds/${a.id}/refresh`);
      await page.locator('[data-story-item]').nth(2).waitFor({ timeout: 10_000 });
      expect(await page.locator('[data-story-item] h2').first().textContent()).toBe('Vantorium prices hit a record');
      expect(await page.locator(`#cluster-${lead.clusterId}`).count()).toBe(1);

      // After a reload the grown event is still one card, with every outlet counted.
      await page.reload();
      await page.waitForSelector('[data-story-item]');
      expect(await page.locator('[data-story-item]').count()).toBe(3);
      expect(await page.locator(`#cluster-${lead.clusterId} .cluster-coverage .badge`).textContent()).toBe('3 outlets');

      // Starring the card stars every copy of the event.
      await page.click(`#cluster-${lead.clusterId} [data-story-action="star"]`);
      await page.waitForSelector(`#cluster-${lead.clusterId} [data-story-action="star"][aria-pressed="true"]`);
      const members = (await api.get(`/clusters/${lead.clusterId}`)).body.stories as { id: number; state: string; feedTitle: string }[];
      expect(members.map((m) => m.state)).toEqual(['starred', 'starred', 'starred']);

      // The story page lists the whole coverage, earliest first, each outlet with its original.
      await page.click(`#cluster-${lead.clusterId} h2 a`);
      await page.waitForSelector('#cluster-members');
      expect(await page.locator('#cluster-members h2').textContent()).toBe('Coverage: 3 outlets, 3 stories');
      expect(await page.locator('#cluster-members td.outlet').allTextContents()).toEqual(['Outlet A', 'Outlet B', 'Outlet C']);
      expect(await page.locator('#cluster-members tbody tr').nth(1).locator('td').nth(2).textContent()).toBe('Mining agreement concluded');
      expect(await page.locator('#cluster-members td.original a').first().getAttribute('href')).toBe(`${WIRE}?utm_source=a`);
    } finally {
      await browser.close();
    }
  });
});
