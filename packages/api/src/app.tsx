import { ErrorPage, loadStaticAssets } from '@newswatch/web';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { requireAuth } from './auth/require-auth';
import { limitRequestBodies } from './body-limits';
import type { AppDeps, AppEnv } from './env';
import { ApiError, errorBody, toErrorResponse } from './errors';
import { guardRequestInput } from './input-guard';
import { buildOpenApiDocument } from './openapi/build-document';
import { channelRoutes } from './routes/api/channels';
import { clusterRoutes } from './routes/api/clusters';
import { deliveryRoutes } from './routes/api/deliveries';
import { feedRoutes } from './routes/api/feeds';
import { ruleRoutes } from './routes/api/rules';
import { storyRoutes } from './routes/api/stories';
import { watchRoutes } from './routes/api/watches';
import { authPages } from './routes/html/auth-pages';
import { channelPages } from './routes/html/channel-pages';
import { dashboardPages } from './routes/html/dashboard-pages';
import { deliveryPages } from './routes/html/delivery-pages';
import { feedPages } from './routes/html/feed-pages';
import { helpPages } from './routes/html/help-pages';
import { loadSavedViews } from './routes/html/load-saved-views';
import { optionalPageContext } from './routes/html/page-context';
import { rulePages } from './routes/html/rule-pages';
import { savedViewPages } from './routes/html/saved-view-pages';
import { storyEvents } from './routes/html/story-events';
import { storyPages } from './routes/html/story-pages';
import { watchPages } from './routes/html/watch-pages';
import { webSubRoutes } from './routes/websub';

/**
 * The whole HTTP surface: public health and static routes, the login pages, the bearer/session
 * JSON API under /api/v1, and the signed-in HTML pages.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const assets = loadStaticAssets();
  const logError = (error: Error) => deps.logger.error({ err: error }, 'Request failed');

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'same-origin',
    }),
  );

  // Before any route or the CSRF check reads a body: sizes first, then what no route can store.
  app.use(limitRequestBodies());
  app.use(guardRequestInput());

  app.onError((error, c) => {
    if (c.req.path.startsWith('/api/') || c.req.path === '/metrics') return toErrorResponse(error, c, logError);
    if (!(error instanceof ApiError)) logError(error);
    const status = error instanceof ApiError ? error.status : 500;
    const message = error instanceof ApiError ? error.message : 'Internal error';
    return c.html(<ErrorPage ctx={optionalPageContext(c)} status={status} message={message} />, status);
  });
  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404)
      : c.html(<ErrorPage ctx={{ email: null, csrfToken: null, path: c.req.path }} status={404} message={`Nothing at ${c.req.path}`} />, 404),
  );

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => ((await deps.ready()) ? c.json({ status: 'ready' }) : c.json({ status: 'database unreachable' }, 503)));
  app.get('/static/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (!asset) return c.notFound();
    return c.body(new Uint8Array(asset.body), 200, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=3600' });
  });
  app.route('/', authPages(deps));
  app.route('/', webSubRoutes(deps));

  const api = new Hono<AppEnv>();
  api.use(requireAuth(deps.db, 'json'));
  let openApiDocument: ReturnType<typeof buildOpenApiDocument> | undefined;
  api.get('/openapi.json', (c) => c.json((openApiDocument ??= buildOpenApiDocument())));
  api.route('/feeds', feedRoutes(deps));
  api.route('/watches', watchRoutes(deps));
  api.route('/stories', storyRoutes(deps));
  api.route('/clusters', clusterRoutes(deps));
  api.route('/channels', channelRoutes(deps));
  api.route('/rules', ruleRoutes(deps));
  api.route('/deliveries', deliveryRoutes(deps));
  app.route('/api/v1', api);

  app.get('/metrics', requireAuth(deps.db, 'json'), async (c) => {
    if (!deps.metrics) return c.body(null, 204);
    const { contentType, body } = await deps.metrics();
    return c.body(body, 200, { 'content-type': contentType });
  });

  const pages = new Hono<AppEnv>();
  pages.use(requireAuth(deps.db, 'redirect'));
  pages.use(loadSavedViews(deps.db));
  pages.route('/', dashboardPages(deps));
  pages.route('/', storyPages(deps));
  pages.route('/', storyEvents(deps));
  pages.route('/', watchPages(deps));
  // Before the channel pages: /channels/rules/… would otherwise be taken for a channel id.
  pages.route('/', rulePages(deps));
  pages.route('/', channelPages(deps));
  pages.route('/', deliveryPages(deps));
  pages.route('/', feedPages(deps));
  pages.route('/', savedViewPages(deps));
  pages.route('/', helpPages());
  app.route('/', pages);
  return app;
}
