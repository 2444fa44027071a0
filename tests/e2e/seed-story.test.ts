import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually } from '../support/api-client';
import { hasChromium, launchBrowser } from '../support/browser';
import { FeedServer, rssFeed } from '../support/feed-server';
import { startNewswatch, tempDir, type NewswatchProcess } from '../support/newswatch-process';
import { hasValidSignature } from '../support/standard-webhooks';
import { WebhookReceiver } from '../support/webhook-receiver';

const here = path.dirname(fileURLToPath(import.meta.url));
const seedArticle = fs.readFileSync(path.join(here, '../fixtures/seed-article.txt'), 'utf8');
const TOKEN = 'e2e-token-0123456789abcdef';
const ADMIN = { email: 'analyst@example.org', password: 'correct horse battery' };
const STORY_TITLE = 'Kim Jong Un arrives in Russia for summit with Putin';
const STORY_URL = 'https://news.example/world/kim-russia-train?utm_source=rss';

describe('newswatch start: the seed story end to end on embedded PGlite', () => {
  const feeds = new FeedServer();
  const receiver = new WebhookReceiver();
  let app: NewswatchProcess;
  let dataDir: string;

  beforeAll(async () => {
    await feeds.start();
    await receiver.start();
    feeds.set('/world.xml', {
      body: rssFeed('Example World News', [{ title: STORY_TITLE, link: STORY_URL, guid: 'kim-russia-1', description: seedArticle }]),
    });
    dataDir = tempDir('nw-e2e-');
    app = await startNewswatch('start', {
      DATA_DIR: dataDir,
      NEWSWATCH_API_TOKEN: TOKEN,
      NEWSWATCH_ADMIN_EMAIL: ADMIN.email,
      NEWSWATCH_ADMIN_PASSWORD: ADMIN.password,
      ALLOW_PRIVATE_FEEDS: 'true',
    });
  });

  afterAll(async () => {
    await app?.stop();
    await feeds.stop();
    await receiver.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('alerts once per default watch rule with a valid signature, then never again for the same story', async () => {
    const api = apiClient(app.url, TOKEN);
    const watches = (await api.get('/watches')).body.items as { id: number; name: string }[];
    expect(watches).toHaveLength(3);

    const channel = await api.post('/channels', { kind: 'webhook', name: 'receiver', url: `${receiver.url}/hook` });
    expect(channel.status).toBe(201);
    expect(channel.body.secret).toMatch(/^whsec_/);
    for (const watch of watches) {
      expect((await api.post('/rules', { channelId: channel.body.id, watchId: watch.id, mode: 'instant' })).status).toBe(201);
    }

    const pollStart = Date.now();
    const feed = await api.post('/feeds', { url: `${feeds.url}/world.xml` });
    expect(feed.status).toBe(201);

    const requests = await receiver.waitFor(3, 15_000);
    const latencyMs = Math.max(...requests.map((r) => r.receivedAt)) - pollStart;
    console.log(JSON.stringify({ figure: 'e2e_poll_to_webhook_ms', value: latencyMs }));

    const alertedWatches = new Set<number>();
    for (const request of requests) {
      expect(hasValidSignature(channel.body.secret, request.headers, request.body)).toBe(true);
      const event = JSON.parse(request.body);
      expect(event.type).toBe('story.matched');
      const story = event.data.story;
      expect(story.title).toBe(STORY_TITLE);
      expect(story.url).toContain('https://news.example/world/kim-russia-train');
      expect(story.matches).toHaveLength(1);
      const match = story.matches[0];
      alertedWatches.add(match.watchId);
      expect(match.spans.length).toBeGreaterThan(0);
      for (const span of match.spans) expect(span.end).toBeGreaterThan(span.start);
    }
    expect([...alertedWatches].sort()).toEqual(watches.map((w) => w.id).sort());
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(3);

    // The matched words, as the receiver sees them, are the seed article's own phrasing.
    const spanTexts = requests.flatMap((r) => JSON.parse(r.body).data.story.matches[0].spans.map((s: { text: string }) => s.text.toLowerCase()));
    expect(spanTexts.some((t: string) => t.includes('kim jong un'))).toBe(true);
    expect(spanTexts.some((t: string) => t.includes('resolutions'))).toBe(true);

    // A second poll of the same feed stores nothing and sends nothing.
    const before = (await api.get(`/feeds/${feed.body.id}`)).body.lastFetchedAt;
    expect((await api.post(`/feeds/${feed.body.id}/refresh`)).status).toBe(202);
    await eventually(async () => (await api.get(`/feeds/${feed.body.id}`)).body.lastFetchedAt !== before, 10_000, 'the second poll');
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received).toHaveLength(3);
    const stories = (await api.get('/stories')).body.items;
    expect(stories).toHaveLength(1);
    expect(stories[0].matches).toHaveLength(3);
  });

  it('shows the story on the dashboard with the matching words marked, behind a login', async () => {
    const anonymous = await fetch(`${app.url}/`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/login/);

    const login = await fetch(`${app.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: ADMIN.email, password: ADMIN.password, next: '/' }),
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/i);

    const html = await (await fetch(`${app.url}/`, { headers: { cookie } })).text();
    expect(html).toContain('arrives in Russia for summit with Putin');
    expect(html).toMatch(/<mark>Kim Jong Un<\/mark>/);
  });

  it.runIf(hasChromium)('signs in through the form in Chromium and shows the highlighted story, with no CSP or script errors', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(`${app.url}/`);
      await page.fill('input[name=email]', ADMIN.email);
      await page.fill('input[name=password]', ADMIN.password);
      await page.click('button[type=submit]');
      await page.waitForSelector('article.story');
      expect(await page.locator('article.story h2 mark').first().textContent()).toBe('Kim Jong Un');
      expect(await page.evaluate(() => typeof (globalThis as { htmx?: unknown }).htmx)).toBe('object');
      await page.screenshot({ path: `${dataDir}/dashboard.png`, fullPage: true });
      await page.click('article.story h2 a');
      await page.waitForSelector('.story-full');
      expect(await page.locator('.matches blockquote mark').count()).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
