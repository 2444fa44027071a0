/**
 * Renders the main pages of a running newswatch to PNG for a visual check (not a test):
 * setup, stories, watches, editor, story, feeds, alerts, rule editor, delivery log, and the
 * analyst's tools: keyboard triage and its key list, saved views, a spike rule, the query guide.
 * Start a fresh instance with ALLOW_PRIVATE_FEEDS=true and no users, then:
 *   npx tsx tests/tools/screenshot-pages.mts http://127.0.0.1:3000 /tmp/newswatch-shots
 * It creates the admin through the setup page and adds a local feed of sample stories.
 */
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const here = path.dirname(fileURLToPath(import.meta.url));
const article = fs.readFileSync(path.join(here, '../fixtures/seed-article.txt'), 'utf8');
const out = process.argv[3] ?? '/tmp/newswatch-shots';
fs.mkdirSync(out, { recursive: true });
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const items = [
  ['Kim Jong Un arrives in Russia for summit with Putin', article],
  [
    'UN Security Council to debate new resolution on North Korea missile launches',
    'Diplomats said the draft resolution would tighten sanctions after the latest ICBM test.',
  ],
  [
    'Seoul weighs artillery shell exports as Kyiv asks for more',
    'South Korea is considering the transfer of artillery shells to Ukraine via the United States.',
  ],
  ['Markets rally as inflation cools', 'Stocks rose on Tuesday.'],
];
const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Example World News</title><link>https://news.example/</link>${items.map(([t, d], i) => `<item><title>${esc(t!)}</title><link>https://news.example/${i}</link><guid>${i}</guid><pubDate>${new Date(Date.now() - i * 3600_000).toUTCString()}</pubDate><description>${esc(d!)}</description></item>`).join('')}</channel></rss>`;
const server = http.createServer((_, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss)).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const feedUrl = `http://127.0.0.1:${(server.address() as any).port}/feed.xml`;
const base = process.argv[2]!;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
await page.goto(`${base}/`);
await page.screenshot({ path: `${out}/1-setup.png` });
await page.fill('input[name=email]', 'analyst@example.org');
await page.fill('input[name=password]', 'correct horse battery');
await page.click('button[type=submit]');
await page.waitForSelector('h1');
await page.screenshot({ path: `${out}/2-empty-dashboard.png` });
const csrf = await page.getAttribute('input[name=_csrf]', 'value');
// Alert rules first, so the stories of the feed added next are alerted (to a port nobody
// listens on: the delivery log then shows failed attempts).
const post = async (path: string, data: unknown) => (await page.request.post(`${base}${path}`, { headers: { 'x-csrf-token': csrf! }, data })).json();
const channel = await post('/api/v1/channels', { kind: 'webhook', name: 'ops webhook', url: 'http://127.0.0.1:9/hook' });
await post('/api/v1/rules', { channelId: channel.id, watchId: null, mode: 'instant' });
await post('/api/v1/rules', { channelId: channel.id, watchId: null, mode: 'digest', schedule: '0 8 * * *', timezone: 'Asia/Seoul' });
await page.evaluate(
  async ([url, token]) => {
    await fetch('/api/v1/feeds', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': token! }, body: JSON.stringify({ url }) });
  },
  [feedUrl, csrf],
);
await page.waitForTimeout(2500);
await page.goto(`${base}/`);
await page.screenshot({ path: `${out}/3-dashboard.png`, fullPage: true });
await page.goto(`${base}/watches`);
await page.screenshot({ path: `${out}/4-watches.png`, fullPage: true });
await page.goto(`${base}/watches/new`);
await page.fill('input[name=name]', 'Artillery exports');
await page.fill('textarea[name=query]', '(artillery OR shells) NEAR/5 (export* OR transfer*)');
await page.waitForTimeout(1200);
await page.screenshot({ path: `${out}/5-editor.png`, fullPage: true });
await page.fill('textarea[name=query]', '(artillery OR shells NEAR/5 export*');
await page.waitForTimeout(1200);
await page.screenshot({ path: `${out}/6-editor-error.png` });
await page.goto(`${base}/stories/1`);
await page.screenshot({ path: `${out}/7-story.png`, fullPage: true });
await page.goto(`${base}/feeds`);
await page.screenshot({ path: `${out}/8-feeds.png`, fullPage: true });
await page.goto(`${base}/channels`);
await page.screenshot({ path: `${out}/9-channels.png`, fullPage: true });
await page.goto(`${base}/channels/rules/new`);
await page.screenshot({ path: `${out}/10-rule-editor.png`, fullPage: true });
await page.goto(`${base}/deliveries`);
await page.screenshot({ path: `${out}/11-delivery-log.png`, fullPage: true });
await page.goto(`${base}/channels/rules/new`);
await page.check('input[name=mode][value=spike]');
await page.screenshot({ path: `${out}/12-rule-editor-spike.png`, fullPage: true });
await page.goto(`${base}/?state=new`);
await page.click('summary:has-text("Save view")');
await page.fill('input[name=name]', 'New on the Korea desk');
await page.click('.save-view-form button[type=submit]');
await page.waitForSelector('nav.views a');
await page.keyboard.press('j');
await page.keyboard.press('j');
await page.keyboard.press('s');
await page.waitForTimeout(500);
await page.screenshot({ path: `${out}/13-dashboard-keys.png` });
await page.keyboard.press('?');
await page.screenshot({ path: `${out}/14-keys-dialog.png` });
await page.keyboard.press('Escape');
await page.click('summary:has-text("Save view")');
await page.screenshot({ path: `${out}/15-save-view.png` });
await page.goto(`${base}/help/query-language`);
await page.screenshot({ path: `${out}/16-help.png` });
await page.goto(`${base}/help/query-language#proximity-near-and-onear`);
await page.screenshot({ path: `${out}/17-help-anchor.png` });
await browser.close();
server.close();
