import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps, AppEnv } from '../env';
import { parseId } from '../validation';

/** Largest pushed feed document accepted (the same cap as a polled one). */
const PUSH_MAX_BYTES = 10 * 1024 * 1024;

/**
 * `/websub/:feedId` — called by hubs, not people, so it sits outside sign-in: the GET only
 * echoes a challenge for a subscription we asked for, and a POST is ingested only when its
 * `X-Hub-Signature` is the HMAC of the body with the feed's own secret. Without PUBLIC_URL
 * nothing is subscribed and both answer 404.
 */
export function webSubRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/websub/:feedId', async (c) => {
      const id = parseId(c.req.param('feedId'), 'Subscription');
      if (!deps.websub) return c.text('WebSub is off (no PUBLIC_URL)', 404);
      const reply = await deps.websub.verify(id, c.req.query());
      return reply.status === 204 ? c.body(null, 204) : c.body(reply.body, reply.status, { 'content-type': 'text/plain; charset=utf-8' });
    })
    .post('/websub/:feedId', bodyLimit({ maxSize: PUSH_MAX_BYTES, onError: (c) => c.text('body too large', 413) }), async (c) => {
      const id = parseId(c.req.param('feedId'), 'Subscription');
      if (!deps.websub) return c.text('WebSub is off (no PUBLIC_URL)', 404);
      const body = new Uint8Array(await c.req.arrayBuffer());
      const reply = await deps.websub.receive(id, c.req.header('x-hub-signature') ?? null, c.req.header('content-type') ?? null, body);
      return reply.status === 204 ? c.body(null, 204) : c.body(reply.body, reply.status);
    });
}
