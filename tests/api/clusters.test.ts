import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually } from '../support/api-client';
import { quickDatabaseEnv, testBackends } from '../support/databases';
import { FeedServer, rssFeed } from '../support/feed-server';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';

type App = Awaited<ReturnType<typeof startInProcess>>;
type StoryItem = { id: number; title: string; feedId: number; clusterId: number | null; matches: unknown[] };

/** `GET /api/v1/clusters/:id` from outside: one event, every outlet's story, on each backend. */
describe.each(testBackends())('the cluster API on %s', (backend) => {
  let app: App;
  let api: ReturnType<typeof apiClient>;
  const feeds = new FeedServer();
  const hour = 3_600_000;
  const now = Date.now();

  beforeAll(async () => {
    await feeds.start();
    app = await startInProcess({ NEWSWATCH_DEFAULTS: 'false', ...(backend === 'postgres' ? await quickDatabaseEnv() : {}) });
    api = apiClient(app.url, TEST_TOKEN);
    await api.post('/watches', { name: 'Vantorium', query: 'vantorium' });
    // One event carried by two outlets (one canonical URL), and an unrelated story.
    const wire = 'https://story.example/vantorium-deal';
    feeds.set('/a.xml', {
      body: rssFeed('Outlet A', [
        {
          title: 'Vantorium deal signed in the capital',
          link: `${wire}?utm_source=a`,
          description: 'The mining deal was signed.',
          pubDate: new Date(now - 3 * hour),
        },
      ]),
    });
    feeds.set('/b.xml', {
      body: rssFeed('Outlet B', [
        { title: 'Mining agreement concluded', link: `${wire}?utm_source=b`, description: 'Officials concluded it.', pubDate: new Date(now - hour) },
        { title: 'Harbour reopens after storm', link: 'https://b.example/harbour', description: 'Ships are back.', pubDate: new Date(now - 2 * hour) },
      ]),
    });
    for (const path of ['/a.xml', '/b.xml']) {
      const feed = (await api.post('/feeds', { url: `${feeds.url}${path}` })).body;
      await eventually(async () => (await api.get(`/feeds/${feed.id}`)).body.lastFetchedAt, 10_000, `poll of ${path}`);
    }
    await eventually(async () => (await api.get('/stories')).body.items.length === 3 || null, 10_000, 'three stories');
  });
  afterAll(async () => {
    await app?.cleanup();
    await feeds.stop();
  });

  it('answers the cluster with every member in the story shape of /stories, earliest first', async () => {
    const listed = (await api.get('/stories')).body.items as StoryItem[];
    const first = listed.find((s) => s.title.startsWith('Vantorium'))!;
    const copy = listed.find((s) => s.title.startsWith('Mining'))!;
    expect(first.clusterId).not.toBeNull();
    expect(copy.clusterId).toBe(first.clusterId);

    const res = await api.get(`/clusters/${first.clusterId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: first.clusterId,
      firstStoryId: first.id,
      size: 2,
      outlets: 2,
      firstSeenAt: expect.any(String),
      lastSeenAt: expect.any(String),
      firstPublishedAt: new Date(now - 3 * hour).toISOString().replace(/\.\d{3}Z$/, '.000Z'),
      lastPublishedAt: new Date(now - hour).toISOString().replace(/\.\d{3}Z$/, '.000Z'),
      // The very objects /stories answers: one shape for a story wherever it is listed.
      stories: [first, copy],
    });
    expect(Date.parse(res.body.firstSeenAt)).toBeLessThanOrEqual(Date.parse(res.body.lastSeenAt));
    expect(first.matches).toHaveLength(1);

    const alone = listed.find((s) => s.title.startsWith('Harbour'))!;
    const single = (await api.get(`/clusters/${alone.clusterId}`)).body;
    expect(single).toMatchObject({ id: alone.clusterId, firstStoryId: alone.id, size: 1, outlets: 1, stories: [alone] });
  });

  it('answers 404 for an unknown cluster, 422 for a malformed id, 401 without a token', async () => {
    const unknown = await api.get('/clusters/987654');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    for (const bad of ['abc', '0', '-3', '1.5', '99999999999', '12abc']) {
      const res = await api.get(`/clusters/${bad}`);
      expect(res.status, bad).toBe(422);
      expect(res.body.error.code, bad).toBe('invalid_request');
    }
    const anonymous = await fetch(`${app.url}/api/v1/clusters/1`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('documents the route in the OpenAPI document', async () => {
    const doc = (await api.get('/openapi.json')).body;
    const operation = doc.paths['/clusters/{id}'].get;
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '401', '404', '422']));
    expect(operation.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Cluster' });
    expect(doc.components.schemas.Cluster.properties.stories.items).toEqual({ $ref: '#/components/schemas/Story' });
  });
});
