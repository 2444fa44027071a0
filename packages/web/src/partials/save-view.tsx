import type { PageContext, SavedViewLink } from '../view-models';

/** The hidden field holding the filters "Save view" stores; the list partial swaps it out of band as filters change. */
export const VIEW_QUERY_ID = 'view-query';

/** The filters to save, as a field; `oob` when it rides along with a list fragment. */
export function ViewQueryField({ query, oob = false }: { query: string; oob?: boolean }) {
  return <input type="hidden" name="query" id={VIEW_QUERY_ID} value={query} hx-swap-oob={oob ? 'true' : undefined} form="save-view-form" />;
}

/**
 * "Save view": a name for the dashboard's current filters, and the user's saved views with a
 * delete button each. The views themselves are links in the top bar.
 */
export function SaveView({ ctx, query, views }: { ctx: PageContext; query: string; views: SavedViewLink[] }) {
  return (
    <details class="save-view">
      <summary class="button">Save view</summary>
      <div class="save-view-panel">
        <form id="save-view-form" method="post" action="/views" class="save-view-form">
          <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
          <ViewQueryField query={query} />
          <label>
            Name of this view
            <input type="text" name="name" required maxlength={60} placeholder="e.g. Korea desk, starred" />
          </label>
          <button type="submit" class="primary">
            Save
          </button>
          <p class="hint">The current search and filters, listed in the top bar. A name you used before gets these filters instead.</p>
        </form>
        {views.length > 0 ? (
          <ul class="view-list">
            {views.map((v) => (
              <li>
                <a href={v.query ? `/?${v.query}` : '/'}>{v.name}</a>
                <form method="post" action={`/views/${v.id}/delete`} class="inline">
                  <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
                  <button type="submit" class="link danger" aria-label={`Delete the view ${v.name}`}>
                    Delete
                  </button>
                </form>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </details>
  );
}
