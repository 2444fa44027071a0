import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually } from '../support/api-client';
import { hasChromium, launchBrowser } from '../support/browser';
import { FeedServer, rssFeed } from '../support/feed-server';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';

const ADMIN = { email: 'views@example.org', password: 'views-password-1' };

const titles = (page: Page) => page.$$eval('[data-story-item] .story-title', (els) => els.map((e) => e.textContent?.trim() ?? ''));
const viewLinks = (page: Page) => page.$$eval('nav.views a', (links) => links.map((a) => ({ name: a.textContent?.trim(), href: a.getAttribute('href') })));

describe.runIf(hasChromium)('saved views in Chromium', () => {
  let app: Awaited<ReturnType<typeof startInProcess>>;
  let browser: Browser;
  const feeds = new FeedServer();
  const at = (m: number) => new Date(Date.now() - m * 60_000);

  async function signedInPage(): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${app.url}/login`);
    await page.fill('input[name=email]', ADMIN.email);
    await page.fill('input[name=password]', ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('h1');
    return page;
  }

  beforeAll(async () => {
    await feeds.start();
    feeds.set('/alpha.xml', () => ({
      body: rssFeed('Alpha Wire', [{ title: 'Kim Jong Un visits a farm', link: 'https://alpha.example/1', description: '.', pubDate: at(5) }]),
    }));
    feeds.set('/beta.xml', () => ({
      body: rssFeed('Beta Wire', [
        { title: 'Kim Jong Un opens a school', link: 'https://beta.example/1', description: '.', pubDate: at(10) },
        { title: 'Kim Jong Un reviews troops', link: 'https://beta.example/2', description: '.', pubDate: at(15) },
      ]),
    }));
    app = await startInProcess({ NEWSWATCH_ADMIN_EMAIL: ADMIN.email, NEWSWATCH_ADMIN_PASSWORD: ADMIN.password });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.cleanup();
    await feeds.stop();
  });

  it('saves the filters by name in the top bar, behind a URL anyone signed in can open', async () => {
    const api = apiClient(app.url, TEST_TOKEN);
    await api.post('/feeds', { url: `${feeds.url}/alpha.xml` });
    const beta = (await api.post('/feeds', { url: `${feeds.url}/beta.xml` })).body;
    await eventually(async () => (await api.get('/stories?matched=true')).body.items.length === 3 || null, 15_000, 'three stories');
    const [reviewed] = (await api.get(`/stories?feed=${beta.id}`)).body.items;
    await api.patch(`/stories/${reviewed.id}`, { state: 'reviewed' });

    const page = await signedInPage();
    expect(await page.$$('nav.views')).toHaveLength(0);

    // Filters go into the address bar as the dashboard's own URL, so a reload shows the same.
    await page.selectOption('select[name=feed]', String(beta.id));
    await page.waitForURL(`${app.url}/?feed=${beta.id}`);
    await page.selectOption('select[name=state]', 'new');
    await page.waitForURL(`${app.url}/?feed=${beta.id}&state=new`);
    await eventually(async () => ((await titles(page)).length === 1 ? true : null), 5000, 'the filtered list');
    expect(await titles(page)).toEqual(['Kim Jong Un reviews troops']);
    await page.reload();
    expect(await titles(page)).toEqual(['Kim Jong Un reviews troops']);
    expect(await page.inputValue('select[name=feed]')).toBe(String(beta.id));

    // Save it: it opens, and the top bar lists it, marked as the view being looked at.
    await page.goto(`${app.url}/`);
    await page.selectOption('select[name=feed]', String(beta.id));
    await page.selectOption('select[name=state]', 'new');
    await page.waitForURL(`${app.url}/?feed=${beta.id}&state=new`);
    await page.click('summary:has-text("Save view")');
    await page.fill('.save-view-form input[name=name]', 'Beta, new');
    await page.click('.save-view-form button[type=submit]');
    await page.waitForSelector('nav.views a');
    expect(await viewLinks(page)).toEqual([{ name: 'Beta, new', href: `/?feed=${beta.id}&state=new` }]);
    expect(await page.getAttribute('nav.views a', 'aria-current')).toBe('page');

    // From any page, the top bar link opens the view; in another session the URL shows the same.
    await page.goto(`${app.url}/watches`);
    await page.click('nav.views a:has-text("Beta, new")');
    await page.waitForURL(`${app.url}/?feed=${beta.id}&state=new`);
    expect(await titles(page)).toEqual(['Kim Jong Un reviews troops']);
    const other = await signedInPage();
    await other.goto(`${app.url}/?feed=${beta.id}&state=new`);
    expect(await titles(other)).toEqual(['Kim Jong Un reviews troops']);
    expect(await other.inputValue('select[name=state]')).toBe('new');

    // Saving under the same name replaces the view's filters; deleting removes it.
    await page.goto(`${app.url}/?q=school`);
    await page.click('summary:has-text("Save view")');
    await page.fill('.save-view-form input[name=name]', 'Beta, new');
    await page.click('.save-view-form button[type=submit]');
    await page.waitForURL(`${app.url}/?q=school`);
    expect(await viewLinks(page)).toEqual([{ name: 'Beta, new', href: '/?q=school' }]);
    await page.click('summary:has-text("Save view")');
    await page.click('.view-list button:has-text("Delete")');
    await page.waitForURL(`${app.url}/`);
    expect(await page.$$('nav.views')).toHaveLength(0);
  });
});
