/**
 * Renders the dashboard's cluster cards and the story page's coverage table to PNG for a
 * visual check (not a test). Start a fresh instance with ALLOW_PRIVATE_FEEDS=true,
 * NEWSWATCH_DEFAULTS=true and no users, then:
 *   npx tsx tests/tools/screenshot-clusters.mts http://127.0.0.1:3000 /tmp/newswatch-clusters
 * It creates the admin through the setup page, adds three local feeds carrying one wire story
 * (one canonical URL, each under its own headline) among their own stories, then a fourth
 * outlet while the dashboard is open, so the last shot shows the card grown live.
 */
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
const out = process.argv[3] ?? '/tmp/newswatch-clusters';
fs.mkdirSync(out, { recursive: true });
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toUTCString();
const wire = 'https://wire.example/2026/12/05/kim-putin-summit';
const lede =
  'Kim Jong Un arrived in Vladivostok by armoured train for talks with Vladimir Putin expected to cover arms transfers and the supply of artillery shells.';
type Item = [title: string, link: string, description: string, hours: number];
const feeds: Record<string, [string, Item[]]> = {
  '/korea-wire.xml': [
    'Korea Wire',
    [
      ['Kim Jong Un arrives in Russia for summit with Putin', `${wire}?utm_source=kw`, lede, 5],
      [
        'UN Security Council to debate new resolution on North Korea missile launches',
        'https://korea-wire.example/un',
        'Diplomats said the draft resolution would tighten sanctions.',
        3,
      ],
    ],
  ],
  '/seoul-daily.xml': [
    'Seoul Daily',
    [
      ['North Korean leader crosses into Russia by train', `${wire}?utm_source=sd`, lede, 4],
      [
        'Seoul weighs artillery shell exports as Kyiv asks for more',
        'https://seoul-daily.example/shells',
        'South Korea is considering the transfer of artillery shells.',
        2,
      ],
    ],
  ],
  '/pacific-times.xml': [
    'Pacific Times',
    [
      ['Kim and Putin meet as arms deal fears grow', `${wire}?utm_source=pt`, lede, 1.5],
      ['Markets rally as inflation cools', 'https://pacific.example/markets', 'Stocks rose on Tuesday.', 1],
    ],
  ],
  '/harbour-post.xml': ['Harbour Post', [['Putin hosts Kim Jong Un at Vostochny spaceport', `${wire}?utm_source=hp`, lede, 0.1]]],
};
const rss = (title: string, items: Item[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://news.example/</link>${items
    .map(
      ([t, link, d, h]) =>
        `<item><title>${esc(t)}</title><link>${esc(link)}</link><guid>${esc(link)}</guid><pubDate>${hoursAgo(h)}</pubDate><description>${esc(d)}</description></item>`,
    )
    .join('')}</channel></rss>`;
const server = http
  .createServer((req, res) => {
    const feed = feeds[req.url ?? ''];
    if (!feed) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(...feed));
  })
  .listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const feedBase = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const base = process.argv[2]!;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${base}/`);
await page.fill('input[name=email]', 'analyst@example.org');
await page.fill('input[name=password]', 'correct horse battery');
await page.click('button[type=submit]');
await page.waitForSelector('h1');
const csrf = await page.getAttribute('input[name=_csrf]', 'value');
const post = async (path: string, data: unknown) => (await page.request.post(`${base}${path}`, { headers: { 'x-csrf-token': csrf! }, data })).json();
for (const path of ['/korea-wire.xml', '/seoul-daily.xml', '/pacific-times.xml']) await post('/api/v1/feeds', { url: `${feedBase}${path}` });
await page.waitForTimeout(3000);
await page.goto(`${base}/`);
await page.screenshot({ path: `${out}/1-dashboard-clusters.png`, fullPage: true });
const leadHref = await page.getAttribute('[data-cluster-id] h2 a', 'href');
await page.waitForTimeout(800);
await post('/api/v1/feeds', { url: `${feedBase}/harbour-post.xml` });
await page.waitForSelector('.cluster-coverage[data-outlets="4"]', { timeout: 15_000 });
await page.waitForTimeout(300);
await page.screenshot({ path: `${out}/2-dashboard-card-grew.png` });
await page.goto(`${base}${leadHref}`);
await page.screenshot({ path: `${out}/3-story-coverage.png`, fullPage: true });
await browser.close();
server.close();
