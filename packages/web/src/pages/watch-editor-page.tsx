import { PageLayout } from '../layouts/page-layout';
import { WatchPreview, WATCH_PREVIEW_ID, type WatchPreviewView } from '../partials/watch-preview';
import type { PageContext } from '../view-models';

export interface WatchEditorProps {
  ctx: PageContext;
  watch: { id: number | null; name: string; query: string; enabled: boolean };
  preview: WatchPreviewView;
  error: string | null;
}

/**
 * Create or edit a watch. As the user types, htmx posts the query (debounced) and swaps in the
 * preview: matching stored stories of the last 30 days, per-day counts, or the syntax error
 * with a caret under its position.
 */
export function WatchEditorPage({ ctx, watch, preview, error }: WatchEditorProps) {
  const action = watch.id === null ? '/watches' : `/watches/${watch.id}`;
  return (
    <PageLayout title={watch.id === null ? 'New watch' : watch.name} ctx={ctx}>
      <p class="crumbs">
        <a href="/watches">← Watches</a>
      </p>
      <h1>{watch.id === null ? 'New watch' : `Edit “${watch.name}”`}</h1>
      <div class="editor">
        <form class="card stack" method="post" action={action}>
          <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
          {error ? (
            <p class="error" role="alert">
              {error}
            </p>
          ) : null}
          <label>
            Name
            <input type="text" name="name" value={watch.name} required maxlength={200} placeholder="e.g. Arms transfers" />
          </label>
          <label>
            <span class="label-row">
              Query
              <a href="/help/query-language" class="small" target="_blank" rel="noopener">
                Query language guide ↗
              </a>
            </span>
            <textarea
              name="query"
              rows={6}
              required
              spellcheck={false}
              placeholder={'(arms OR weapons) NEAR/5 (transfer* OR sale*)'}
              hx-post="/partials/watch-preview"
              hx-trigger="input changed delay:300ms, load"
              hx-target={`#${WATCH_PREVIEW_ID}`}
              hx-swap="outerHTML"
            >
              {watch.query}
            </textarea>
          </label>
          <label class="check">
            <input type="checkbox" name="enabled" value="1" checked={watch.enabled} /> Enabled
          </label>
          <div class="actions">
            <button type="submit" class="primary">
              {watch.id === null ? 'Create watch' : 'Save changes'}
            </button>
            <a href="/watches">Cancel</a>
          </div>
        </form>
        <div class="card">
          <h2>Preview</h2>
          <WatchPreview preview={preview} />
        </div>
      </div>
      {watch.id !== null ? (
        <form method="post" action={`/watches/${watch.id}/delete`} class="danger-zone">
          <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
          <button type="submit" class="danger">
            Delete this watch
          </button>
        </form>
      ) : null}
    </PageLayout>
  );
}
