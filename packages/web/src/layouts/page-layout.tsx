import type { Child } from 'hono/jsx';
import type { PageContext, SavedViewLink } from '../view-models';

const NAV = [
  { href: '/', label: 'Stories' },
  { href: '/watches', label: 'Watches' },
  { href: '/feeds', label: 'Feeds' },
  { href: '/channels', label: 'Alerts' },
  { href: '/deliveries', label: 'Delivery log' },
];

/**
 * Every page's frame. No inline script (CSP): htmx and our CSS come from /static, and the
 * CSRF token rides on every htmx request through `hx-headers`.
 */
export function PageLayout({ title, ctx, children }: { title: string; ctx: PageContext; children: Child }) {
  const hxHeaders = ctx.csrfToken ? JSON.stringify({ 'X-CSRF-Token': ctx.csrfToken }) : undefined;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false}' />
        <title>{`${title} · newswatch`}</title>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/htmx-sse.js" defer></script>
        <script src="/static/keys.js" defer></script>
      </head>
      <body hx-headers={hxHeaders}>
        {ctx.email ? (
          <header class="topbar">
            <a class="brand" href="/">
              <span class="brand-mark" aria-hidden="true">
                ◉
              </span>{' '}
              newswatch
            </a>
            <nav>
              {NAV.map((item) => (
                <a href={item.href} class={isActive(ctx.path, item.href) ? 'active' : undefined}>
                  {item.label}
                </a>
              ))}
            </nav>
            {ctx.savedViews?.length ? <SavedViewsNav ctx={ctx} views={ctx.savedViews} /> : null}
            <form method="post" action="/logout" class="signout">
              <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
              <span class="who">{ctx.email}</span>
              <button type="submit" class="link">
                Sign out
              </button>
            </form>
          </header>
        ) : null}
        <main>{children}</main>
      </body>
    </html>
  );
}

/** The user's saved dashboard views: each a link to the dashboard with its filters. */
function SavedViewsNav({ ctx, views }: { ctx: PageContext; views: SavedViewLink[] }) {
  return (
    <nav class="views" aria-label="Saved views">
      <span class="views-label">Views</span>
      {views.map((v) => {
        const current = ctx.path === '/' && (ctx.search ?? '') === v.query;
        return (
          <a href={v.query ? `/?${v.query}` : '/'} class={current ? 'active' : undefined} aria-current={current ? 'page' : undefined} title={v.name}>
            {v.name}
          </a>
        );
      })}
    </nav>
  );
}

function isActive(path: string, href: string): boolean {
  return href === '/' ? path === '/' || path.startsWith('/stories') : path.startsWith(href);
}
