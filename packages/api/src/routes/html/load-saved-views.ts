import { listSavedViews, type Database, type Kysely } from '@newswatch/db';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../env';

/**
 * Puts the signed-in user's saved views on the context for the top bar. Only full pages show
 * the bar: fragments (htmx requests), the event stream and form posts skip the query.
 */
export function loadSavedViews(db: Kysely<Database>): MiddlewareHandler<AppEnv> {
  return async function loadSavedViewsMiddleware(c, next) {
    const principal = c.get('principal');
    if (principal.kind === 'session' && c.req.method === 'GET' && !c.req.header('hx-request') && !c.req.path.startsWith('/events/')) {
      const views = await listSavedViews(db, principal.userId);
      c.set(
        'savedViews',
        views.map((v) => ({ id: v.id, name: v.name, query: v.query })),
      );
    }
    await next();
  };
}
