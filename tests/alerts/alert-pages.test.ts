import { enqueueDelivery } from '@newswatch/db';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually } from '../support/api-client';
import { hasChromium, launchBrowser } from '../support/browser';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';
import { WebhookReceiver } from '../support/webhook-receiver';

const ADMIN = { email: 'alerts@example.org', password: 'alerts-password-1' };

/**
 * The Alerts pages in Chromium against a whole newswatch in this process: create a channel
 * (secret shown once), "Send test" shows the receiver's real error and then success, a rule
 * for several watches as a digest in Asia/Seoul, mute and unmute, and the delivery log with
 * its attempt log and the retry button of a dead delivery.
 */
describe.runIf(hasChromium)('alert pages in Chromium', () => {
  let app: Awaited<ReturnType<typeof startInProcess>>;
  let page: Page;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const receiver = new WebhookReceiver();
  const api = () => apiClient(app.url, TEST_TOKEN);

  beforeAll(async () => {
    await receiver.start();
    app = await startInProcess({ NEWSWATCH_ADMIN_EMAIL: ADMIN.email, NEWSWATCH_ADMIN_PASSWORD: ADMIN.password, NEWSWATCH_RETRY_SCALE: '0.002' });
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${app.url}/login`);
    await page.fill('input[name=email]', ADMIN.email);
    await page.fill('input[name=password]', ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('h1');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.cleanup();
    await receiver.stop();
  });

  it('creates a webhook channel, shows its secret once, and "Send test" reports the real answer', async () => {
    await page.goto(`${app.url}/channels`);
    expect(await page.textContent('#channels .empty')).toContain('No channels yet');
    await page.click('text=New channel');
    await page.fill('input[name=name]', 'Ops receiver');
    await page.fill('input[name=url]', `${receiver.url}/hook`);
    await page.fill('input[name=rateLimitPerMinute]', '12');
    await page.click('button:has-text("Create channel")');
    const secret = (await page.textContent('pre.secret'))!.trim();
    expect(secret).toMatch(/^whsec_/);

    await page.goto(`${app.url}/channels`);
    expect(await page.content()).not.toContain(secret);
    const row = page.locator('table.channels tbody tr').first();
    expect(await row.textContent()).toContain('12 / min');

    receiver.respond = () => ({ status: 410, body: 'this hook was removed' });
    await row.locator('button:has-text("Send test")').click();
    const failure = await row.locator('.test-result .status-error').textContent();
    expect(failure).toContain('410');
    expect(failure).toContain('this hook was removed');

    receiver.respond = () => ({ status: 200 });
    await row.locator('button:has-text("Send test")').click();
    expect(await row.locator('.test-result .status-ok').textContent()).toContain('Delivered (200)');
    expect(receiver.received.at(-1)!.headers['webhook-signature']).toMatch(/^v1,/);
  });

  it('creates a digest rule for two watches in Asia/Seoul, then mutes and unmutes it', async () => {
    const watches = (await api().get('/watches')).body.items as { id: number; name: string }[];
    expect(watches.length).toBeGreaterThanOrEqual(2);
    await page.goto(`${app.url}/channels/rules/new`);
    await page.check('input[name=mode][value=digest]');
    expect(await page.isVisible('input[name=schedule]')).toBe(true);
    expect(await page.isVisible('input[name=failingHours]')).toBe(false);
    await page.check('input[name=scope][value=selected]');
    await page.check(`input[name=watch][value="${watches[0]!.id}"]`);
    await page.check(`input[name=watch][value="${watches[1]!.id}"]`);
    await page.fill('input[name=schedule]', '0 8 * * *');
    await page.fill('input[name=timezone]', 'Asia/Seoul');
    await page.fill('input[name=minSources]', '2');
    await page.check('input[name=mutePolicy][value=drop]');
    await page.click('button:has-text("Create rule")');
    await page.waitForURL(/\/channels/);

    const rules = (await api().get('/rules')).body.items;
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ mode: 'digest', schedule: '0 8 * * *', timezone: 'Asia/Seoul', minSources: 2, mutePolicy: 'drop' });
    expect([...rules[0].watchIds].sort()).toEqual([watches[0]!.id, watches[1]!.id].sort());

    const row = page.locator('table.rules tbody tr').first();
    const text = await row.textContent();
    expect(text).toContain(`${watches[0]!.name}, ${watches[1]!.name}`);
    expect(text).toContain('08:00 (Asia/Seoul)');
    expect(text).toContain('once carried by 2 outlets');

    await row.locator('button:has-text("Mute 8 h")').click();
    await page.waitForSelector('table.rules .pill.muted');
    expect((await api().get(`/rules/${rules[0].id}`)).body.mutedUntil).not.toBeNull();
    expect(await page.textContent('table.rules tbody tr')).toContain('held alerts will be dropped');
    await page.locator('table.rules button:has-text("Unmute")').click();
    await page.waitForSelector('table.rules .pill.sent');
    expect((await api().get(`/rules/${rules[0].id}`)).body.mutedUntil).toBeNull();
  });

  it('shows a rule form error in place and keeps what was typed', async () => {
    await page.goto(`${app.url}/channels/rules/new`);
    await page.check('input[name=mode][value=digest]');
    await page.fill('input[name=schedule]', 'every morning');
    await page.click('button:has-text("Create rule")');
    expect(await page.textContent('.error')).toContain('is not a cron schedule');
    expect(await page.inputValue('input[name=schedule]')).toBe('every morning');
  });

  it('lists deliveries with every attempt and retries a dead one from the log', async () => {
    const channel = (await api().get('/channels')).body.items[0];
    receiver.respond = () => ({ status: 404, body: 'no such hook' });
    await enqueueDelivery(app.runtime.handle.db, {
      rule_id: null,
      channel_id: channel.id,
      cluster_id: null,
      window_start: null,
      window_end: null,
      payload: { type: 'test', channelId: channel.id, message: 'Delivery log check' },
      idempotency_key: 'pages-dead-1',
      lease_owner: null,
      lease_until: null,
      last_error: null,
      last_status_code: null,
      sent_at: null,
    });
    app.runtime.dispatcher?.wake();
    await eventually(async () => ((await api().get('/deliveries?status=dead')).body.items.length === 1 ? true : null), 10_000, 'a dead delivery');

    await page.goto(`${app.url}/deliveries?status=dead`);
    expect(await page.textContent('.status-tabs a.active')).toContain('Dead');
    const row = page.locator('tr.delivery').first();
    expect(await row.textContent()).toContain('Delivery log check');
    expect(await row.locator('.delivery-answer').textContent()).toContain('HTTP 404');

    receiver.respond = () => ({ status: 200 });
    await row.locator('button:has-text("Retry")').click();
    await page.waitForSelector('tr.delivery .pill.pending, tr.delivery .pill.sending, tr.delivery .pill.sent');
    await eventually(
      async () =>
        (await api().get('/deliveries?status=sent')).body.items.some((d: { idempotencyKey: string }) => d.idempotencyKey === 'pages-dead-1') ? true : null,
      10_000,
      'the retried delivery sent',
    );

    await page.goto(`${app.url}/deliveries`);
    const sent = page.locator('tr.delivery', { hasText: 'Delivery log check' });
    expect(await sent.locator('.pill').textContent()).toBe('sent');
    await sent.locator('details.attempt-log summary').click();
    const attempts = await sent.locator('table.attempts tbody tr').allTextContents();
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toContain('HTTP 404');
    expect(attempts[1]).toContain('200 OK');
  });
});
