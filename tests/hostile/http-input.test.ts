import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { quickDatabaseEnv } from '../support/databases';
import { postEarlyResponse } from '../support/early-response-post';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';

type App = Awaited<ReturnType<typeof startInProcess>>;
const ADMIN = { email: 'analyst@example.org', password: 'correct horse battery' };
const MB = 1024 * 1024;
const b64 = (text: string) => Buffer.from(text).toString('base64url');
const bearer = { authorization: `Bearer ${TEST_TOKEN}` };

/**
 * Hostile input against a running app over HTTP (issue 11, parts 3, 8, 9): every probe must get
 * a 4xx in the error shape of DESIGN §7 (or the error page for HTML), never a 500.
 */
describe('hostile HTTP input gets 4xx, never 500', () => {
  let app: App;
  let api: ReturnType<typeof apiClient>;
  let cookie = '';
  let csrf = '';

  const raw = (path: string, init: RequestInit = {}) =>
    fetch(`${app.url}${path}`, { redirect: 'manual', ...init, headers: { ...bearer, ...(init.headers as Record<string, string>) } });
  const signedIn = (path: string, init: RequestInit = {}) =>
    fetch(`${app.url}${path}`, { redirect: 'manual', ...init, headers: { cookie, ...(init.headers as Record<string, string>) } });
  const form = (fields: Record<string, string>) => ({
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

  beforeAll(async () => {
    app = await startInProcess({
      ...(await quickDatabaseEnv()),
      NEWSWATCH_DEFAULTS: 'false',
      NEWSWATCH_ADMIN_EMAIL: ADMIN.email,
      NEWSWATCH_ADMIN_PASSWORD: ADMIN.password,
    });
    api = apiClient(app.url, TEST_TOKEN);
    const login = await fetch(`${app.url}/login`, { method: 'POST', redirect: 'manual', ...form(ADMIN) });
    cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    csrf = /name="_csrf" value="([^"]+)"/.exec(await (await signedIn('/feeds')).text())![1]!;
  });
  afterAll(async () => {
    await app?.cleanup();
  });

  describe('a NUL byte in text input', () => {
    it('is refused with 422 naming the field, in JSON bodies and in the q= search', async () => {
      const cases = [
        await api.post('/watches', { name: 'Kim\u0000', query: 'kim' }),
        await api.post('/watches', { name: 'Kim', query: 'kim\u0000jong' }),
        await api.post('/watches/preview', { query: '\u0000' }),
        await api.post('/feeds', { url: 'https://news.example/feed', title: 'A\u0000' }),
        await api.post('/channels', { kind: 'email', name: 'ops\u0000', to: ['ops@example.org'] }),
        await api.get('/stories?q=%00'),
        await api.get('/stories?q=arms%00sale'),
      ];
      for (const res of cases) {
        expect(res.status).toBe(422);
        expect(res.body.error).toEqual({ code: 'invalid_request', message: expect.stringContaining('NUL') });
      }
      expect(cases[0]!.body.error.message).toMatch(/^name:/);
      expect(cases[5]!.body.error.message).toMatch(/^q:/);
      const watch = await api.post('/watches', { name: 'Kim', query: 'kim' });
      expect((await api.patch(`/watches/${watch.body.id}`, { name: 'K\u0000' })).status).toBe(422);
      expect((await api.get(`/watches/${watch.body.id}`)).body.name).toBe('Kim');
    });

    it('is refused in dashboard forms, the dashboard search and the login form', async () => {
      const watchForm = await signedIn('/watches', { method: 'POST', ...form({ _csrf: csrf, name: 'a\u0000b', query: 'arms' }) });
      expect(watchForm.status).toBe(422);
      expect((await signedIn('/?q=%00')).status).toBe(422);
      const loginForm = await fetch(`${app.url}/login`, { method: 'POST', redirect: 'manual', ...form({ email: 'a\u0000@example.org', password: 'x' }) });
      expect(loginForm.status).toBe(422);
    });

    it('in an OPML outline title is dropped, and the feed is still imported', async () => {
      const opml = '<?xml version="1.0"?><opml version="2.0"><body><outline text="Daily\u0000 NK" xmlUrl="http://127.0.0.1:9/nul.xml"/></body></opml>';
      const res = await raw('/api/v1/feeds/import', { method: 'POST', headers: { 'content-type': 'text/xml' }, body: opml });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ added: 1 });
      const feeds = (await api.get('/feeds')).body.items as { url: string; title: string }[];
      expect(feeds.find((f) => f.url === 'http://127.0.0.1:9/nul.xml')?.title).toBe('Daily NK');
    });
  });

  describe('numbers and dates out of range', () => {
    it('answers 400 to cursors with huge or negative numbers or impossible dates', async () => {
      const cursors = [
        b64('2026-01-01T00:00:00.000Z|99999999999999999999999'),
        b64('2026-01-01T00:00:00.000Z|3000000000'),
        b64('2026-01-01T00:00:00.000Z|-5'),
        b64('+275760-09-13T00:00:00.000Z|5'),
        b64('99999-01-01|5'),
      ];
      for (const cursor of cursors) {
        const res = await api.get(`/stories?cursor=${cursor}`);
        expect(res.status, Buffer.from(cursor, 'base64url').toString()).toBe(400);
        expect(res.body.error.code).toBe('invalid_request');
      }
      for (const cursor of ['99999999999999999999', '-1']) expect((await api.get(`/deliveries?cursor=${cursor}`)).status).toBe(400);
      expect((await signedIn(`/?cursor=${cursors[0]}`)).status).toBe(200);
      expect((await signedIn('/deliveries?cursor=99999999999999999999')).status).toBe(200);
      expect((await signedIn('/?watch=99999999999999')).status).toBe(200);
    });

    it('answers 400 to since/until beyond what the database stores', async () => {
      for (const query of ['since=99999-01-01', 'until=99999-01-01', 'since=-000001-01-01', 'until=%2B275760-09-13T00:00:00Z']) {
        const res = await api.get(`/stories?${query}`);
        expect(res.status, query).toBe(400);
        expect(res.body.error.message).toMatch(/^(since|until):/);
      }
      expect((await api.get('/stories?since=2026-01-01&until=9999-12-31')).status).toBe(200);
    });

    it('answers 400 to ids past the integer range in a body', async () => {
      const channel = await api.post('/channels', { kind: 'email', name: 'range', to: ['range@example.org'] });
      for (const body of [
        { channelId: 99_999_999_999 },
        { channelId: channel.body.id, watchId: 3_000_000_000 },
        { channelId: channel.body.id, watchIds: ['99999999999'] },
      ]) {
        const res = await api.post('/rules', body);
        expect(res.status, JSON.stringify(body)).toBe(400);
      }
    });

    it('answers 400 to a watch listed twice in watchIds', async () => {
      const channel = await api.post('/channels', { kind: 'email', name: 'twice', to: ['twice@example.org'] });
      const a = await api.post('/watches', { name: 'Arms', query: 'arms' });
      const b = await api.post('/watches', { name: 'Sanctions', query: 'sanction*' });
      for (const watchIds of [
        [a.body.id, a.body.id],
        [a.body.id, b.body.id, String(a.body.id)],
      ]) {
        const res = await api.post('/rules', { channelId: channel.body.id, watchIds });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(/^watchIds:/);
      }
      const rule = await api.post('/rules', { channelId: channel.body.id, watchIds: [a.body.id, b.body.id] });
      expect(rule.status).toBe(201);
      expect((await api.patch(`/rules/${rule.body.id}`, { watchIds: [b.body.id, b.body.id] })).status).toBe(400);
    });
  });

  describe('request bodies', () => {
    it('refuses a JSON body over 1 MB with 413, by its Content-Length', async () => {
      const body = Buffer.from(JSON.stringify({ name: 'x'.repeat(2 * MB), query: 'arms' }));
      const res = await postEarlyResponse(`${app.url}/api/v1/watches`, { ...bearer, 'content-type': 'application/json' }, body);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.text)).toEqual({ error: { code: 'payload_too_large', message: 'The request body is larger than 1 MB' } });
    });

    it('stops reading a streamed 100 MB JSON body at the limit instead of parsing it whole', async () => {
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let given = 0;
      const source = () => {
        if (given === 0) {
          given++;
          return Buffer.from('{"name":"');
        }
        if (given * chunk.length >= 100 * MB) return null;
        given++;
        return chunk;
      };
      const started = Date.now();
      const res = await postEarlyResponse(`${app.url}/api/v1/watches`, { ...bearer, 'content-type': 'application/json' }, source);
      expect(res.status).toBe(413);
      expect(res.bytesSent).toBeLessThan(20 * MB);
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('refuses a 10 MB feed URL with 413 and a 3,000-character one with 422', async () => {
      const huge = await postEarlyResponse(
        `${app.url}/api/v1/feeds`,
        { ...bearer, 'content-type': 'application/json' },
        Buffer.from(JSON.stringify({ url: `http://127.0.0.1:9/${'a'.repeat(10 * MB)}` })),
      );
      expect(huge.status).toBe(413);
      expect(JSON.parse(huge.text).error.code).toBe('payload_too_large');
      const long = await api.post('/feeds', { url: `http://127.0.0.1:9/${'a'.repeat(3000)}` });
      expect(long.status).toBe(422);
      expect(long.body.error).toEqual({ code: 'invalid_request', message: 'url: longer than 2048 characters' });
      const page = await signedIn('/feeds', { method: 'POST', ...form({ _csrf: csrf, url: `http://127.0.0.1:9/${'a'.repeat(3000)}` }) });
      expect(page.status).toBe(422);
      expect(await page.text()).toContain('longer than 2048 characters');
    });

    it('still takes an OPML upload between 1 and 10 MB', async () => {
      const padding = `<!-- ${'x'.repeat(2 * MB)} -->`;
      const opml = `<?xml version="1.0"?><opml version="2.0">${padding}<body><outline text="Big" xmlUrl="http://127.0.0.1:9/big.xml"/></body></opml>`;
      const res = await raw('/api/v1/feeds/import', { method: 'POST', headers: { 'content-type': 'text/xml' }, body: opml });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ added: 1 });
    });

    it('answers 400 to a malformed multipart body, wherever it is sent', async () => {
      const broken = {
        headers: { 'content-type': 'multipart/form-data; boundary=xx' },
        body: '--xx\r\nContent-Disposition: form-data; name="opml"\r\n\r\nno closing boundary',
      };
      const login = await fetch(`${app.url}/login`, { method: 'POST', redirect: 'manual', ...broken });
      expect(login.status).toBe(400);
      const upload = await signedIn('/feeds/import', { method: 'POST', headers: { ...broken.headers, 'x-csrf-token': csrf }, body: broken.body });
      expect(upload.status).toBe(400);
      expect(await upload.text()).toContain('The form body is malformed');
      const viaApi = await raw('/api/v1/feeds', { method: 'POST', ...broken });
      expect(viaApi.status).toBe(400);
      expect(await viaApi.json()).toEqual({ error: { code: 'invalid_request', message: 'The form body is malformed' } });
    });
  });

  describe('duplicates', () => {
    it('treats …/feed, …/feed#x, …/feed? and an upper-case host as one subscription: 409 naming the feed', async () => {
      const first = await api.post('/feeds', { url: 'http://127.0.0.1:9/same-feed' });
      expect(first.status).toBe(201);
      for (const url of ['http://127.0.0.1:9/same-feed#x', 'http://127.0.0.1:9/same-feed?', 'HTTP://127.0.0.1:9/same-feed?#top']) {
        const again = await api.post('/feeds', { url });
        expect(again.status, url).toBe(409);
        expect(again.body.error).toMatchObject({ code: 'conflict', feedId: first.body.id });
        expect(again.body.error.message).toContain(`feed ${first.body.id}`);
      }
      const other = await api.post('/feeds', { url: 'http://127.0.0.1:9/other-feed#x' });
      expect(other.body.url).toBe('http://127.0.0.1:9/other-feed');
      const moved = await api.patch(`/feeds/${other.body.id}`, { url: 'http://127.0.0.1:9/same-feed#y' });
      expect(moved.status).toBe(409);
      expect(moved.body.error.feedId).toBe(first.body.id);

      const page = await signedIn('/feeds', { method: 'POST', ...form({ _csrf: csrf, url: 'http://127.0.0.1:9/same-feed?' }) });
      expect(page.status).toBe(409);
      const opml = '<?xml version="1.0"?><opml version="2.0"><body><outline text="Again" xmlUrl="http://127.0.0.1:9/same-feed#z"/></body></opml>';
      const imported = await raw('/api/v1/feeds/import', { method: 'POST', headers: { 'content-type': 'text/xml' }, body: opml });
      expect(await imported.json()).toMatchObject({ added: 0, skipped: 1 });
      const urls = ((await api.get('/feeds')).body.items as { url: string }[]).map((f) => f.url);
      expect(urls.filter((u) => u.includes('same-feed'))).toEqual(['http://127.0.0.1:9/same-feed']);
    });

    it('refuses an identical rule with 409, and takes one that differs', async () => {
      const channel = await api.post('/channels', { kind: 'email', name: 'dup-rules', to: ['dup@example.org'] });
      const a = await api.post('/watches', { name: 'Missiles', query: 'missile*' });
      const b = await api.post('/watches', { name: 'Rockets', query: 'rocket*' });
      const rule = { channelId: channel.body.id, watchIds: [a.body.id, b.body.id], mode: 'digest', schedule: '0 8 * * *', timezone: 'Asia/Seoul' };
      const first = await api.post('/rules', rule);
      expect(first.status).toBe(201);
      const again = await api.post('/rules', { ...rule, watchIds: [b.body.id, a.body.id] });
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'conflict', ruleId: first.body.id });
      expect((await api.post('/rules', { ...rule, schedule: '0 18 * * *' })).status).toBe(201);
      const single = await api.post('/rules', { channelId: channel.body.id, watchId: a.body.id });
      expect(single.status).toBe(201);
      expect((await api.post('/rules', { channelId: channel.body.id, watchIds: [a.body.id] })).status).toBe(409);
      const all = await api.post('/rules', { channelId: channel.body.id, watchId: null });
      expect(all.status).toBe(201);
      expect((await api.patch(`/rules/${all.body.id}`, { watchId: a.body.id })).status).toBe(409);
      const ruleCount = ((await api.get('/rules')).body.items as { channelId: number }[]).filter((r) => r.channelId === channel.body.id).length;
      expect(ruleCount).toBe(4);

      const page = await signedIn('/channels/rules', {
        method: 'POST',
        ...form({
          _csrf: csrf,
          channelId: String(channel.body.id),
          scope: 'selected',
          watch: String(a.body.id),
          mode: 'instant',
          minSources: '1',
          mutePolicy: 'send',
          enabled: '1',
        }),
      });
      expect(page.status).toBe(409);
      expect(await page.text()).toContain(`Rule ${single.body.id} already sends these alerts`);
    });
  });

  describe('triage forms', () => {
    it('refuse an unknown state with 400 and an unknown story or cluster with 404, changing nothing', async () => {
      const feed = await api.post('/feeds', { url: 'http://127.0.0.1:9/triage.xml', title: 'Triage' });
      const [story] = await app.runtime.handle.db
        .insertInto('stories')
        .values({
          feed_id: feed.body.id,
          dedupe_key: 'triage-probe',
          guid: null,
          url: null,
          canonical_url: null,
          title: 'Triage probe',
          summary_text: '',
          content_html: '',
          content_text: '',
          author: null,
          language: 'en',
          published_at: new Date(),
          content_hash: 'triage-probe',
          cluster_id: null,
        })
        .returning('id')
        .execute();
      const id = story!.id;
      const badForms: Record<string, string>[] = [{ _csrf: csrf }, { _csrf: csrf, state: 'loved' }];
      for (const fields of badForms) {
        const res = await signedIn(`/stories/${id}/state`, { method: 'POST', ...form(fields) });
        expect(res.status).toBe(400);
        expect(await res.text()).toContain('state:');
      }
      expect((await api.get(`/stories/${id}`)).body.state).toBe('new');
      expect((await signedIn('/stories/999999/state', { method: 'POST', ...form({ _csrf: csrf, state: 'starred' }) })).status).toBe(404);
      expect((await signedIn('/clusters/999999/state', { method: 'POST', ...form({ _csrf: csrf, state: 'starred' }) })).status).toBe(404);
      const starred = await signedIn(`/stories/${id}/state`, { method: 'POST', ...form({ _csrf: csrf, state: 'starred' }) });
      expect(starred.status).toBe(303);
      expect((await api.get(`/stories/${id}`)).body.state).toBe('starred');
    });
  });
});
