import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually } from '../support/api-client';
import { FeedServer, rssFeed } from '../support/feed-server';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';

type App = Awaited<ReturnType<typeof startInProcess>>;

const opml = (outlines: string) => `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Reader export</title></head><body>${outlines}</body></opml>`;

describe('OPML import and export over the API (DESIGN §7)', () => {
  let app: App;
  let api: ReturnType<typeof apiClient>;
  const feeds = new FeedServer();

  const importOpml = async (body: string | Uint8Array, contentType = 'text/xml') => {
    const res = await fetch(`${app.url}/api/v1/feeds/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': contentType },
      body,
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    await feeds.start();
    app = await startInProcess();
    api = apiClient(app.url, TEST_TOKEN);
  });
  afterAll(async () => {
    await app?.cleanup();
    await feeds.stop();
  });

  it('imports a reader export with folders: feeds are listed, titled from the outline, and polled at once', async () => {
    const a = feeds.set('/a.xml', { body: rssFeed('Wire A', [{ title: 'Kim Jong Un meets Putin', link: 'https://a.example/1', description: 'Talks.' }]) });
    const b = feeds.set('/b.xml', { body: rssFeed('Wire B', []) });
    const res = await importOpml(
      opml(`<outline text="Korea" title="Korea">
        <outline type="rss" text="Desk A" title="Desk A" xmlUrl="${a}" htmlUrl="https://a.example/"/>
      </outline>
      <outline text="Other"><outline text="Desk B" xmlurl="${b}"/></outline>`),
    );
    expect(res).toEqual({ status: 200, body: { added: 2, skipped: 0, invalid: [], total: 2 } });

    const listed = (await api.get('/feeds')).body.items as { id: number; url: string; title: string; siteUrl: string | null }[];
    expect(listed.find((f) => f.url === a)).toMatchObject({ title: 'Desk A', siteUrl: 'https://a.example/' });
    expect(listed.find((f) => f.url === b)).toMatchObject({ title: 'Desk B', siteUrl: null });
    const idA = listed.find((f) => f.url === a)!.id;
    await eventually(async () => (await api.get(`/stories?feed=${idA}`)).body.items.length === 1, 15_000, 'the imported feed polled');
    expect(feeds.hitCount('/a.xml')).toBeGreaterThanOrEqual(1);
  });

  it('skips feeds already subscribed (and repeats in the file) and reports invalid URLs with the reason', async () => {
    const known = feeds.set('/known.xml', { body: rssFeed('Known', []) });
    expect((await api.post('/feeds', { url: known })).status).toBe(201);
    const fresh = feeds.set('/fresh.xml', { body: rssFeed('Fresh', []) });
    const res = await importOpml(
      opml(`
        <outline type="rss" text="Known" xmlUrl="${known}"/>
        <outline type="rss" text="Fresh" xmlUrl="${fresh}"/>
        <outline type="rss" text="Fresh again" xmlUrl="${fresh}"/>
        <outline type="rss" text="Script" xmlUrl="javascript:alert(1)"/>
        <outline type="rss" text="Nothing"/>
        <outline type="rss" text="Relative" xmlUrl="/rss.xml"/>
        <outline type="link" text="A web page" url="https://example.org/"/>`),
      'application/xml',
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      added: 1,
      skipped: 2,
      invalid: [
        { url: 'javascript:alert(1)', reason: 'unsupported scheme "javascript:" (only http and https)' },
        { url: '', reason: 'the outline has no xmlUrl' },
        { url: '/rss.xml', reason: 'not a valid URL' },
      ],
      total: 6,
    });
    // Importing the same file again adds nothing.
    const again = await importOpml(opml(`<outline type="rss" text="Fresh" xmlUrl="${fresh}"/>`));
    expect(again.body).toMatchObject({ added: 0, skipped: 1, total: 1 });
  });

  it('refuses what is not OPML, hostile documents, JSON bodies and empty bodies in the error shape', async () => {
    const rss = await importOpml(rssFeed('Not OPML', []));
    expect(rss.status).toBe(422);
    expect(rss.body.error).toEqual({ code: 'invalid_request', message: 'opml: not an OPML document (the root element is <rss>, expected <opml>)' });

    const laughs = `<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 8 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]><opml><body><outline text="&i;" xmlUrl="https://x.example/"/></body></opml>`;
    const bomb = await importOpml(laughs);
    expect(bomb.status).toBe(422);
    expect(bomb.body.error.message).toMatch(/entity expansion attack/);

    const json = await importOpml(JSON.stringify({ url: 'https://x.example/' }), 'application/json');
    expect(json.status).toBe(415);
    expect(json.body.error.code).toBe('invalid_request');
    expect((await importOpml('')).status).toBe(400);
    const anonymous = await fetch(`${app.url}/api/v1/feeds/import`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: opml('') });
    expect(anonymous.status).toBe(401);
  });

  it('refuses a document over 10 MB before reading it all', async () => {
    const huge = new Uint8Array(10 * 1024 * 1024 + 1).fill(0x20);
    const res = await importOpml(huge);
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/larger than 10 MB/);
  });

  it('imports thousands of outlines in batches and exports them back as OPML that round-trips', async () => {
    const outlines = Array.from(
      { length: 2500 },
      (_, i) => `<outline type="rss" text="Bulk ${i} &amp; co" xmlUrl="https://bulk${i % 50}.example/feed/${i}.xml"/>`,
    ).join('\n');
    const started = Date.now();
    const res = await importOpml(opml(`<outline text="Bulk">${outlines}</outline>`));
    expect(res.body).toEqual({ added: 2500, skipped: 0, invalid: [], total: 2500 });
    expect(Date.now() - started).toBeLessThan(30_000);

    const exported = await fetch(`${app.url}/api/v1/feeds/export`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="newswatch-feeds-\d{4}-\d{2}-\d{2}\.opml"$/);
    const xml = await exported.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0">/);
    expect(xml).toContain('text="Bulk 7 &amp; co" title="Bulk 7 &amp; co" xmlUrl="https://bulk7.example/feed/7.xml"');

    const listed = (await api.get('/feeds')).body.items as { url: string; title: string | null }[];
    expect(xml.match(/<outline type="rss"/g)).toHaveLength(listed.length);
    // Re-importing the export adds nothing and skips every feed: the same set of URLs.
    const back = await importOpml(xml);
    expect(back.body).toEqual({ added: 0, skipped: listed.length, invalid: [], total: listed.length });

    // Unresolvable on purpose; drop them so shutdown does not wait for 2,500 failing polls.
    await app.runtime.handle.db.deleteFrom('feeds').where('url', 'like', 'https://bulk%').execute();
  });

  it('documents import and export in the OpenAPI file', async () => {
    const doc = (await api.get('/openapi.json')).body;
    expect(doc.paths['/feeds/import'].post.responses['200']).toBeDefined();
    expect(doc.paths['/feeds/export'].get.responses['200'].content['application/xml']).toBeDefined();
  });
});
