import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';
import { signIn } from '../support/signed-in-pages';

type App = Awaited<ReturnType<typeof startInProcess>>;
const ADMIN = { email: 'analyst@example.org', password: 'correct horse battery' };

describe('HTML forms check their input with the JSON API’s schemas', () => {
  let app: App;
  let api: ReturnType<typeof apiClient>;
  let session: Awaited<ReturnType<typeof signIn>>;
  const page = (path: string, form?: Record<string, string>) => session.page(path, form ? { form } : {});

  beforeAll(async () => {
    app = await startInProcess({ NEWSWATCH_ADMIN_EMAIL: ADMIN.email, NEWSWATCH_ADMIN_PASSWORD: ADMIN.password });
    api = apiClient(app.url, TEST_TOKEN);
    session = await signIn(app.url, ADMIN);
  });
  afterAll(async () => {
    await app?.cleanup();
  });

  it('refuses over-long watch names and feed titles as the API does, in the form’s words', async () => {
    const longName = 'n'.repeat(201);
    expect((await api.post('/watches', { name: longName, query: 'arms' })).status).toBe(400);
    const watchForm = await page('/watches', { name: longName, query: 'arms', enabled: '1' });
    expect(watchForm.status).toBe(422);
    expect(watchForm.html).toContain('The name is too long (200 characters at most).');
    expect((await api.get('/watches')).body.items.map((w: { name: string }) => w.name)).not.toContain(longName);

    const longTitle = 't'.repeat(301);
    expect((await api.post('/feeds', { url: 'http://127.0.0.1:9/feed.xml', title: longTitle })).status).toBe(400);
    const feedForm = await page('/feeds', { url: 'http://127.0.0.1:9/feed.xml', title: longTitle });
    expect(feedForm.status).toBe(422);
    expect(feedForm.html).toContain('The title is too long (300 characters at most).');
    expect((await api.get('/feeds')).body.items).toEqual([]);
  });

  it('stores a webhook added in the editor the way the API stores it', async () => {
    const viaApi = await api.post('/channels', { kind: 'webhook', name: 'api', url: 'HTTPS://Hooks.Example/alerts', format: 'slack' });
    expect((await page('/channels', { kind: 'webhook', name: 'form', url: 'HTTPS://Hooks.Example/alerts', format: 'slack', enabled: '1' })).status).toBe(303);
    const stored = (await api.get('/channels')).body.items.find((ch: { name: string }) => ch.name === 'form');
    expect(stored).toMatchObject({ url: viaApi.body.url, format: 'slack' });

    const badRate = await page('/channels', { kind: 'email', name: 'desk', to: 'desk@news.example', rateLimitPerMinute: '5000' });
    expect(badRate.status).toBe(422);
    expect(badRate.html).toContain('between 1 and 1000');
    const badAddress = await page('/channels', { kind: 'email', name: 'desk', to: 'desk@news.example, nobody' });
    expect(badAddress.html).toContain('“nobody” is not an e-mail address.');
  });

  it('refuses a rule the API would refuse, and saves one it would take', async () => {
    const channel = (await api.post('/channels', { kind: 'email', name: 'rules desk', to: ['rules@news.example'] })).body;
    const rule = { channelId: String(channel.id), scope: 'all', mode: 'instant', minSources: '101', mutePolicy: 'send', enabled: '1' };
    expect((await api.post('/rules', { channelId: channel.id, minSources: 101 })).status).toBe(400);
    const refused = await page('/channels/rules', rule);
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('The number of outlets must be between 1 and 100.');
    expect((await page('/channels/rules', { ...rule, minSources: '2', channelId: '999999' })).html).toContain('Choose a channel.');
    expect((await page('/channels/rules', { ...rule, minSources: '2', mute: '4' })).status).toBe(303);
    const saved = (await api.get('/rules')).body.items.find((r: { channelId: number }) => r.channelId === channel.id);
    expect(saved).toMatchObject({ minSources: 2, mode: 'instant', watchIds: null });
    expect(new Date(saved.mutedUntil).getTime()).toBeGreaterThan(Date.now() + 3 * 3_600_000);
  });

  it('drops a bad filter of a page link instead of failing', async () => {
    expect((await page('/?watch=abc&state=loved&q=%20')).status).toBe(200);
    expect((await page('/deliveries?status=lost&cursor=-1')).status).toBe(200);
    expect((await api.get('/deliveries?status=lost')).status).toBe(400);
  });
});
