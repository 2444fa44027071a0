import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually } from '../support/api-client';
import { hasChromium, launchBrowser } from '../support/browser';
import { FeedServer, rssFeed, type TestItem } from '../support/feed-server';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';

const ADMIN = { email: 'triage@example.org', password: 'triage-password-1' };

/** The `data-story-id` of the story the keyboard is on, or null. */
const currentStory = async (page: Page) => (await (await page.$('[data-story-item].is-current'))?.getAttribute('data-story-id')) ?? null;
const storyIds = (page: Page) => page.$$eval('[data-story-item]', (items) => items.map((i) => i.getAttribute('data-story-id')));

describe.runIf(hasChromium)('keyboard triage in Chromium', () => {
  let app: Awaited<ReturnType<typeof startInProcess>>;
  const feeds = new FeedServer();
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
  const items: TestItem[] = [
    { title: 'Kim Jong Un inspects a missile factory', link: 'https://keys.example/1', description: '.', pubDate: minutesAgo(10) },
    { title: 'UN Security Council resolution on sanctions', link: 'https://keys.example/2', description: '.', pubDate: minutesAgo(20) },
    { title: 'Seoul approves arms transfer of K2 tanks to Poland', link: 'https://keys.example/3', description: '.', pubDate: minutesAgo(30) },
  ];

  beforeAll(async () => {
    await feeds.start();
    feeds.set('/keys.xml', () => ({ body: rssFeed('Keys Wire', items) }));
    app = await startInProcess({ NEWSWATCH_ADMIN_EMAIL: ADMIN.email, NEWSWATCH_ADMIN_PASSWORD: ADMIN.password });
  });
  afterAll(async () => {
    await app?.cleanup();
    await feeds.stop();
  });

  it('moves, stars, reviews, dismisses and opens with keys, on live-arriving stories too, without breaking the CSP', async () => {
    const api = apiClient(app.url, TEST_TOKEN);
    const feed = (await api.post('/feeds', { url: `${feeds.url}/keys.xml` })).body;
    await eventually(async () => (await api.get('/stories?matched=true')).body.items.length === 3 || null, 15_000, 'three stories');
    const stateOf = async (id: string | null) => (await api.get(`/stories/${id}`)).body.state as string;

    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const cspViolations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
      });
      await page.goto(`${app.url}/login`);
      await page.fill('input[name=email]', ADMIN.email);
      await page.fill('input[name=password]', ADMIN.password);
      await page.click('button[type=submit]');
      await page.waitForSelector('[data-story-item]');
      const [first, second, third] = await storyIds(page);

      // j/k move between stories and show which one the keys act on.
      expect(await currentStory(page)).toBeNull();
      await page.keyboard.press('j');
      expect(await currentStory(page)).toBe(first);
      await page.keyboard.press('j');
      await page.keyboard.press('j');
      await page.keyboard.press('j');
      expect(await currentStory(page)).toBe(third);
      await page.keyboard.press('k');
      expect(await currentStory(page)).toBe(second);
      const ring = await page.$eval('[data-story-item].is-current', (el) => (globalThis as any).getComputedStyle(el).outlineStyle);
      expect(ring).toBe('solid');

      // s stars, s again unstars; r and d set their states; each through the story's own button.
      await page.keyboard.press('s');
      await eventually(async () => (await stateOf(second)) === 'starred' || null, 5000, 'starred');
      await page.waitForSelector(`[data-story-id="${second}"] [data-story-action="star"][aria-pressed="true"]`);
      expect(await currentStory(page)).toBe(second);
      await page.keyboard.press('s');
      await eventually(async () => (await stateOf(second)) === 'new' || null, 5000, 'unstarred');
      // The server answered before the browser swapped the card: wait for the swap, as an eye would.
      await page.waitForSelector(`[data-story-id="${second}"] [data-story-action="star"][aria-pressed="false"]`);
      await page.keyboard.press('j');
      expect(await currentStory(page)).toBe(third);
      await page.keyboard.press('r');
      await eventually(async () => (await stateOf(third)) === 'reviewed' || null, 5000, 'reviewed');
      await page.waitForSelector(`[data-story-id="${third}"] [data-story-action="review"][aria-pressed="true"]`);
      await page.keyboard.press('k');
      await page.keyboard.press('k');
      expect(await currentStory(page)).toBe(first);
      await page.keyboard.press('d');
      await eventually(async () => (await stateOf(first)) === 'dismissed' || null, 5000, 'dismissed');
      await page.waitForSelector(`[data-story-id="${first}"].state-dismissed`);

      // / goes to the search box, where keys are text; Esc leaves it.
      await page.keyboard.press('/');
      expect(await page.$eval('input[name=q]', (el) => el === (globalThis as any).document.activeElement)).toBe(true);
      await page.keyboard.type('jk');
      expect(await page.inputValue('input[name=q]')).toBe('jk');
      expect(await currentStory(page)).toBe(first);
      await page.keyboard.press('Escape');
      await page.fill('input[name=q]', '');
      await page.keyboard.press('Escape');
      // The search box filtered the list as it was typed in; wait for the full list to be back.
      await page.waitForURL(`${app.url}/`);
      await eventually(async () => (await storyIds(page)).length === 3 || null, 5000, 'the list without a search');
      await page.waitForTimeout(800);

      // ? shows the keys in a dialog; Esc closes it.
      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await dialog.waitFor({ state: 'visible' });
      expect(await dialog.textContent()).toContain('Next / previous story');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });

      // A story arriving over the live stream is one more story for the keys.
      await page.waitForTimeout(500);
      items.unshift({
        title: 'Arms transfer to Russia confirmed by a UN panel',
        link: 'https://keys.example/4',
        description: 'Artillery shells were delivered.',
        pubDate: new Date(),
      });
      await api.post(`/feeds/${feed.id}/refresh`);
      await page.locator('[data-story-item]').nth(3).waitFor({ timeout: 15_000 });
      const [arrived] = await storyIds(page);
      expect([first, second, third]).not.toContain(arrived);
      await page.click(`[data-story-id="${first}"] .story-meta`);
      expect(await currentStory(page)).toBe(first);
      await page.keyboard.press('k');
      expect(await currentStory(page)).toBe(arrived);
      await page.keyboard.press('s');
      await eventually(async () => (await stateOf(arrived!)) === 'starred' || null, 5000, 'live story starred');

      // o (or Enter) opens the story the keys are on.
      await page.waitForSelector(`[data-story-id="${arrived}"] [data-story-action="star"][aria-pressed="true"]`);
      await page.keyboard.press('o');
      await page.waitForURL(`${app.url}/stories/${arrived}`);
      await page.goBack();
      await page.waitForSelector('[data-story-item]');
      await page.keyboard.press('j');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/stories\/\d+$/);

      expect(cspViolations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
