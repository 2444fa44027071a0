import type { PageContext } from '@newswatch/web';
import type { Context } from 'hono';
import type { AppEnv } from '../../env';

/** Header data for a signed-in page. */
export function pageContext(c: Context<AppEnv>): PageContext {
  const principal = c.get('principal');
  return {
    email: principal.kind === 'session' ? principal.email : 'API token',
    csrfToken: principal.kind === 'session' ? principal.csrfToken : null,
    path: new URL(c.req.url).pathname,
    search: new URL(c.req.url).search.slice(1),
    ...(principal.kind === 'session' ? { savedViews: c.get('savedViews') ?? [] } : {}),
  };
}

/** Header data when the request may not have passed authentication (error pages). */
export function optionalPageContext(c: Context<AppEnv>): PageContext {
  const principal = c.get('principal') as AppEnv['Variables']['principal'] | undefined;
  return principal ? pageContext(c) : { email: null, csrfToken: null, path: new URL(c.req.url).pathname };
}
