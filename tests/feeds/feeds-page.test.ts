import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeeds } from '@newswatch/db';
import { apiClient, eventually } from '../support/api-client';
import { hasChromium, launchBrowser } from '../support/browser';
import { FeedServer, rssFeed } from '../support/feed-server';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';
import { signIn } from '../support/signed-in-pages';

type App = Awaited<ReturnType<typeof startInProcess>>;
const ADMIN = { email: 'analyst@example.org', password: 'correct horse battery' };

describe('Feeds page (DESIGN §7: feeds — add with preview, OPML import/export, health)', () => {
  let app: App;
  let api: ReturnType<typeof apiClient>;
  let cookie = '';
  let csrf = '';
  let page: Awaited<ReturnType<typeof signIn>>['page'];
  const feeds = new FeedServer();

  beforeAll(async () => {
    await feeds.start();
    app = await startInProcess({ NEWSWATCH_ADMIN_EMAIL: ADMIN.email, NEWSWATCH_ADMIN_PASSWORD: ADMIN.password });
    api = apiClient(app.url, TEST_TOKEN);
    ({ cookie, csrf, page } = await signIn(app.url, ADMIN));
  });
  afterAll(async () => {
    await app?.cleanup();
    await feeds.stop();
  });

  it('needs a session, and shows an empty state with the add and import forms when there are no feeds', async () => {
    const anonymous = await fetch(`${app.url}/feeds`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2Ffeeds');
    const { status, html } = await page('/feeds');
    expect(status).toBe(200);
    expect(html).toContain('No feeds yet');
    expect(html).toContain('action="/feeds/preview"');
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain('href="/api/v1/feeds/export"');
  });

  it('shows each feed’s health: a failing feed in red with its last error, a healthy one OK with its story count', async () => {
    const good = feeds.set('/good.xml', {
      body: rssFeed('Good Wire', [
        { title: 'One', link: 'https://good.example/1', description: 'x' },
        { title: 'Two', link: 'https://good.example/2', description: 'y' },
      ]),
    });
    const broken = feeds.set('/broken.xml', { body: 'upstream exploded', status: 500, contentType: 'text/plain' });
    const goodId = (await api.post('/feeds', { url: good })).body.id;
    const brokenId = (await api.post('/feeds', { url: broken })).body.id;
    await eventually(
      async () => {
        const items = (await api.get('/feeds')).body.items as { lastFetchedAt: string | null }[];
        return items.every((f) => f.lastFetchedAt);
      },
      15_000,
      'both feeds polled',
    );

    const { html } = await page('/feeds');
    const failingRow = rowHtml(html, brokenId);
    expect(failingRow).toContain('class="feed-row feed-failing"');
    expect(failingRow).toContain('Failing');
    expect(failingRow).toMatch(/<p class="feed-error"[^>]*>[^<]*500/);
    const healthyRow = rowHtml(html, goodId);
    expect(healthyRow).toContain('feed-ok');
    expect(healthyRow).toContain('Good Wire');
    expect(healthyRow).toMatch(/<td class="num">2<\/td>/);
    // Failing feeds are listed first, and the filter shows only them.
    expect(html.indexOf(`id="feed-${brokenId}"`)).toBeLessThan(html.indexOf(`id="feed-${goodId}"`));
    const failingOnly = (await page('/feeds?status=failing')).html;
    expect(failingOnly).toContain(`id="feed-${brokenId}"`);
    expect(failingOnly).not.toContain(`id="feed-${goodId}"`);
  });

  it('previews a feed before subscribing (fragment for htmx, whole page without script), then subscribes', async () => {
    const url = feeds.set('/preview.xml', {
      body: rssFeed('Preview Desk', [{ title: 'Kim Jong Un visits a factory', link: 'https://p.example/1', description: 'x' }]),
    });
    const fragment = await page('/feeds/preview', { form: { url, title: '' }, htmx: true });
    expect(fragment.status).toBe(200);
    expect(fragment.html).toMatch(/^<section id="feed-preview"/);
    expect(fragment.html).toContain('Preview Desk');
    expect(fragment.html).toContain('Kim Jong Un visits a factory');
    expect(fragment.html).toContain('1 item in the feed');
    expect(fragment.html).toContain('>Subscribe</button>');
    expect((await api.get('/feeds')).body.items.some((f: { url: string }) => f.url === url)).toBe(false);

    const full = await page('/feeds/preview', { form: { url, title: 'My desk' } });
    expect(full.html).toContain('<title>Feeds · newswatch</title>');
    expect(full.html).toContain('value="My desk"');

    const subscribed = await page('/feeds', { form: { url, title: 'My desk' } });
    expect(subscribed.status).toBe(303);
    const id = Number(/added=(\d+)/.exec(subscribed.location!)![1]);
    expect((await api.get(`/feeds/${id}`)).body).toMatchObject({ url, title: 'My desk' });
    expect((await page(subscribed.location!.replace(/#.*/, ''))).html).toContain('Subscribed to My desk');

    const again = await page('/feeds/preview', { form: { url }, htmx: true });
    expect(again.html).toContain('You already subscribe to this feed');
    expect((await page('/feeds', { form: { url, title: '' } })).status).toBe(409);
  });

  it('explains a feed that cannot be read or a URL that is not one, and still offers to subscribe to the first', async () => {
    const unreadable = await page('/feeds/preview', { form: { url: 'http://127.0.0.1:1/feed.xml' }, htmx: true });
    expect(unreadable.html).toContain('Could not read this feed.');
    expect(unreadable.html).toMatch(/ECONNREFUSED|refused/);
    expect(unreadable.html).toContain('Subscribe anyway');
    const html = feeds.set('/page.html', { body: '<html><body>hello</body></html>', contentType: 'text/html' });
    expect((await page('/feeds/preview', { form: { url: html }, htmx: true })).html).toContain('not a feed');
    const invalid = await page('/feeds/preview', { form: { url: 'ftp://example.com/x' }, htmx: true });
    expect(invalid.html).toContain('is not an http:// or https:// URL');
    expect((await page('/feeds', { form: { url: 'javascript:alert(1)' } })).status).toBe(422);
  });

  it('refuses form posts without the CSRF token', async () => {
    const res = await fetch(`${app.url}/feeds`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ url: 'https://x.example/feed' }),
    });
    expect(res.status).toBe(403);
  });

  it('refreshes a feed now (the row comes back for htmx and the feed is polled again), disables and enables it', async () => {
    const url = feeds.set('/refresh.xml', { body: rssFeed('Refresh Me', []) });
    const id = (await api.post('/feeds', { url })).body.id;
    await eventually(async () => feeds.hitCount('/refresh.xml') >= 1, 15_000, 'first poll');
    await eventually(async () => (await api.get(`/feeds/${id}`)).body.lastSuccessAt, 15_000, 'first poll recorded');
    const before = feeds.hitCount('/refresh.xml');

    const refreshed = await page(`/feeds/${id}/refresh`, { form: {}, htmx: true });
    expect(refreshed.status).toBe(200);
    expect(refreshed.html).toMatch(new RegExp(`^<tr id="feed-${id}"`));
    expect(refreshed.html).toContain('Refresh queued.');
    expect(refreshed.html).toContain(`hx-get="/feeds/${id}/row?n=1"`);
    await eventually(async () => feeds.hitCount('/refresh.xml') > before, 5_000, 'poll after refresh');

    const disabled = await page(`/feeds/${id}/enabled`, { form: { enabled: '0' }, htmx: true });
    expect(disabled.html).toContain('feed-disabled');
    expect(disabled.html).toContain('>Enable</button>');
    expect((await api.get(`/feeds/${id}`)).body.enabled).toBe(false);
    const enabled = await page(`/feeds/${id}/enabled`, { form: { enabled: '1' } });
    expect(enabled.status).toBe(303);
    expect((await api.get(`/feeds/${id}`)).body.enabled).toBe(true);
    expect((await page('/feeds/999999/refresh', { form: {} })).status).toBe(404);
  });

  it('deletes a feed only after a confirm page that names what goes with it', async () => {
    const url = feeds.set('/doomed.xml', { body: rssFeed('Doomed', [{ title: 'Last story', link: 'https://d.example/1', description: 'x' }]) });
    const id = (await api.post('/feeds', { url })).body.id;
    await eventually(async () => (await api.get(`/stories?feed=${id}`)).body.items.length === 1, 15_000, 'story stored');
    const confirm = await page(`/feeds/${id}/delete`);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain('Delete “Doomed”?');
    expect(confirm.html).toContain('1 stored story');
    expect(confirm.html).toContain(`action="/feeds/${id}/delete"`);
    expect((await api.get(`/feeds/${id}`)).status).toBe(200);
    const deleted = await page(`/feeds/${id}/delete`, { form: {} });
    expect(deleted).toMatchObject({ status: 303, location: '/feeds?deleted=1' });
    expect((await api.get(`/feeds/${id}`)).status).toBe(404);
    expect((await page('/feeds?deleted=1')).html).toContain('Feed deleted.');
  });

  it('imports an uploaded OPML file and shows the summary; a file that is not OPML is explained', async () => {
    const a = feeds.set('/upload-a.xml', { body: rssFeed('Upload A', []) });
    const opml = `<?xml version="1.0"?><opml version="1.0"><body><outline text="Folder">
      <outline type="rss" text="Upload A" xmlUrl="${a}"/><outline type="rss" text="Bad" xmlUrl="gopher://old.example/"/></outline></body></opml>`;
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('opml', new File([opml], 'reader.opml', { type: 'text/x-opml' }));
    const res = await page('/feeds/import', { body: form });
    expect(res.status).toBe(200);
    expect(res.html).toContain('Imported reader.opml');
    expect(res.html).toMatch(/<strong>1<\/strong> added/);
    expect(res.html).toMatch(/<strong>1<\/strong> invalid/);
    expect(res.html).toContain('gopher://old.example/');
    expect((await api.get('/feeds')).body.items.some((f: { url: string }) => f.url === a)).toBe(true);

    const bad = new FormData();
    bad.set('_csrf', csrf);
    bad.set('opml', new File(['<html><body>hi</body></html>'], 'page.html', { type: 'text/html' }));
    const refused = await page('/feeds/import', { body: bad });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Import page.html failed');
    expect(refused.html).toContain('root element is &lt;html&gt;');
  });

  it('shows a page of the table at a time, failing feeds first, narrowed by a search, and opens on the page of a feed just added', async () => {
    // 120 feeds and 3 failing ones, named so the failing ones sort last by name; stored as a poll
    // would leave them and not due for a day, so polling them does not hold up other tests.
    const tomorrow = new Date(Date.now() + 86_400_000);
    const names = [
      ...Array.from({ length: 120 }, (_, i) => `Paging Desk ${String(i + 1).padStart(3, '0')}`),
      'Paging Desk zz1',
      'Paging Desk zz2',
      'Paging Desk zz3',
    ];
    const created = await createFeeds(
      app.runtime.handle.db,
      names.map((name, i) => ({
        url: `http://127.0.0.1:1/paging-${i}.xml`,
        title: name,
        next_poll_at: tomorrow,
        ...(name.includes('zz') ? { consecutive_failures: 2, failing_since: new Date(), last_error: 'connect ECONNREFUSED 127.0.0.1:1' } : {}),
      })),
    );
    const idOfUrl = new Map(created.map((feed) => [feed.url, feed.id]));
    const ids = new Map(names.map((name, i) => [name, idOfUrl.get(`http://127.0.0.1:1/paging-${i}.xml`)!]));
    const rowIds = (html: string) => [...html.matchAll(/<tr id="feed-(\d+)"/g)].map((m) => Number(m[1]));
    const search = `q=${encodeURIComponent('paging desk')}`;

    const first = await page(`/feeds?${search}`);
    expect(first.status).toBe(200);
    expect(rowIds(first.html)).toHaveLength(50);
    // Failing first, then by name: the three zz feeds lead, then 001, 002, …
    expect(rowIds(first.html).slice(0, 4)).toEqual([
      ids.get('Paging Desk zz1'),
      ids.get('Paging Desk zz2'),
      ids.get('Paging Desk zz3'),
      ids.get('Paging Desk 001'),
    ]);
    expect(first.html).toContain('1–50 of 123');
    expect(first.html).toContain('href="/feeds?q=paging+desk&amp;page=2" rel="next"');
    expect(first.html).toMatch(/All <span class="count">123<\/span>/);
    expect(first.html).toMatch(/Failing <span class="count">3<\/span>/);

    const third = await page(`/feeds?${search}&page=3`);
    expect(rowIds(third.html)).toEqual(names.slice(97, 120).map((n) => ids.get(n)));
    expect(third.html).toContain('101–123 of 123');
    expect(rowIds((await page(`/feeds?${search}&page=99`)).html)).toEqual(rowIds(third.html));
    expect(rowIds((await page(`/feeds?status=failing&${search}`)).html)).toHaveLength(3);
    expect((await page('/feeds?q=no-such-feed-anywhere')).html).toContain('No feeds match “no-such-feed-anywhere”.');

    // Every feed of the run is on the unfiltered table, 50 a page, and the page stays small.
    const all = await page('/feeds');
    expect(rowIds(all.html)).toHaveLength(50);
    expect(all.html.length).toBeLessThan(200_000);
    const added = await page(`/feeds?added=${ids.get('Paging Desk 120')}`);
    expect(rowIds(added.html)).toContain(ids.get('Paging Desk 120'));
    expect(added.html).toContain('Subscribed to Paging Desk 120');
    for (const id of ids.values()) await api.delete(`/feeds/${id}`);
  });

  it.runIf(hasChromium)('adds a feed through the preview form in Chromium and sees it listed, with no CSP or script errors', async () => {
    const url = feeds.set('/browser.xml', {
      body: rssFeed('Browser Wire', [
        { title: 'UN Security Council meets on sanctions', link: 'https://b.example/1', description: 'x', pubDate: new Date(Date.now() - 600_000) },
        { title: 'Arms transfer talks resume', link: 'https://b.example/2', description: 'y', pubDate: new Date(Date.now() - 7_200_000) },
      ]),
    });
    const browser = await launchBrowser();
    try {
      const tab = await browser.newPage();
      const problems: string[] = [];
      tab.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      tab.on('pageerror', (e) => problems.push(e.message));
      await tab.goto(`${app.url}/feeds`);
      await tab.fill('input[name=email]', ADMIN.email);
      await tab.fill('input[name=password]', ADMIN.password);
      await tab.click('button[type=submit]');
      await tab.waitForSelector('h1:has-text("Feeds")');

      await tab.fill('form[action="/feeds/preview"] input[name=url]', url);
      await tab.click('form[action="/feeds/preview"] button[type=submit]');
      await tab.waitForSelector('#feed-preview h3');
      expect(await tab.textContent('#feed-preview h3')).toBe('Browser Wire');
      expect(await tab.locator('#feed-preview .feed-preview-items li').count()).toBe(2);
      expect(new URL(tab.url()).pathname).toBe('/feeds'); // htmx swapped the preview in place

      await tab.click('#feed-preview button:has-text("Subscribe")');
      await tab.waitForURL(/\/feeds\?added=\d+/);
      const id = Number(/added=(\d+)/.exec(tab.url())![1]);
      expect(await tab.textContent('.notice')).toContain('Subscribed to Browser Wire');
      expect(await tab.textContent(`#feed-${id} .feed-title`)).toBe('Browser Wire');

      // Refresh now swaps the row in place; it follows up until the poll is recorded.
      await eventually(async () => (await api.get(`/feeds/${id}`)).body.lastSuccessAt, 15_000, 'first poll');
      await tab.click(`#feed-${id} button:has-text("Refresh now")`);
      await tab.waitForSelector(`#feed-${id} .row-flash`);
      await tab.waitForSelector(`#feed-${id} .status-ok`);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

/** The `<tr>` of one feed in the page. */
function rowHtml(html: string, id: number): string {
  const start = html.indexOf(`<tr id="feed-${id}"`);
  expect(start).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</tr>', start));
}
