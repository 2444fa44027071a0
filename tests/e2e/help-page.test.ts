import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser';
import { startInProcess } from '../support/in-process-app';

const ADMIN = { email: 'help@example.org', password: 'help-password-1' };

describe.runIf(hasChromium)('query language help in Chromium', () => {
  let app: Awaited<ReturnType<typeof startInProcess>>;

  beforeAll(async () => {
    app = await startInProcess({ NEWSWATCH_ADMIN_EMAIL: ADMIN.email, NEWSWATCH_ADMIN_PASSWORD: ADMIN.password });
  });
  afterAll(async () => {
    await app?.cleanup();
  });

  it('serves docs/query-language.md as a page, linked from the Watches page and the watch editor, to signed-in users only', async () => {
    const anonymous = await fetch(`${app.url}/help/query-language`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2Fhelp%2Fquery-language');

    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${app.url}/login`);
      await page.fill('input[name=email]', ADMIN.email);
      await page.fill('input[name=password]', ADMIN.password);
      await page.click('button[type=submit]');
      await page.waitForSelector('h1');

      await page.goto(`${app.url}/watches`);
      const response = page.waitForResponse(`${app.url}/help/query-language`);
      await page.click('a:has-text("query language guide")');
      expect((await response).headers()['content-security-policy']).toContain("script-src 'self'");
      await page.waitForURL(`${app.url}/help/query-language`);
      expect(await page.textContent('.prose h1')).toBe('The newswatch query language');
      // The guide's own tables and examples come through, and each section can be linked to.
      expect(await page.locator('.prose table').count()).toBeGreaterThan(0);
      expect(await page.textContent('.prose pre')).toContain('sanctions');
      await page.click('.guide-toc a:has-text("Proximity: NEAR and ONEAR")');
      await page.waitForURL(`${app.url}/help/query-language#proximity-near-and-onear`);
      expect(await page.$eval(':target', (el) => el.textContent)).toBe('Proximity: NEAR and ONEAR');

      await page.goto(`${app.url}/watches/new`);
      expect(await page.getAttribute('a:has-text("Query language guide")', 'href')).toBe('/help/query-language');
    } finally {
      await browser.close();
    }
  });
});
