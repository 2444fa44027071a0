import {
  countMatchesByWatch,
  countMatchesByWatchAndDay,
  createWatch,
  deleteWatch,
  findWatchById,
  listOpenSpikes,
  listWatches,
  updateWatch,
} from '@newswatch/db';
import { compileQuery, QuerySyntaxError } from '@newswatch/match';
import { WatchEditorPage, WatchesPage, WatchPreview, type WatchPreviewView, type WatchSpikeView } from '@newswatch/web';
import { Hono, type Context } from 'hono';
import { notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { watchCreateSchema } from '../../schemas/watch';
import { previewQuery } from '../../services/watch-preview';
import { parseId } from '../../validation';
import { checkForm } from './form-fields';
import { pageContext } from './page-context';
import { excerptAround } from './story-view';

/** The last `n` UTC dates, oldest first, as YYYY-MM-DD. */
function lastDays(n: number): string[] {
  const today = Date.now();
  return Array.from({ length: n }, (_, i) => new Date(today - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

interface WatchForm {
  name: string;
  query: string;
  enabled: boolean;
}

async function readForm(c: Context<AppEnv>): Promise<WatchForm> {
  const form = await c.req.parseBody();
  return { name: String(form.name ?? '').trim(), query: String(form.query ?? ''), enabled: form.enabled === '1' };
}

/** Watch list, editor with live preview, and their form posts. */
export function watchPages(deps: AppDeps) {
  const { db } = deps;

  async function preview(query: string, signal?: AbortSignal): Promise<WatchPreviewView> {
    if (!query.trim()) return { kind: 'empty' };
    let compiled;
    try {
      compiled = compileQuery(query);
    } catch (error) {
      if (error instanceof QuerySyntaxError) return { kind: 'error', query, message: error.message, position: error.position };
      throw error;
    }
    const result = await previewQuery(db, compiled, { signal });
    return {
      kind: 'result',
      days: result.days,
      scanned: result.scanned,
      total: result.total,
      skipped: result.skipped,
      complete: result.complete,
      perDay: result.perDay,
      items: result.items.map((item) => {
        const excerpt = excerptAround(
          item.summary,
          item.spans.filter((s) => s.field === 'summary'),
          220,
        );
        return {
          id: item.id,
          title: item.title,
          feedTitle: item.feedTitle,
          publishedAt: new Date(item.publishedAt),
          titleSpans: item.spans.filter((s) => s.field === 'title'),
          excerpt: excerpt.text,
          excerptSpans: excerpt.spans,
        };
      }),
    };
  }

  /** Checks a submitted watch with the schema of `POST /api/v1/watches`, then its query; returns the problem to show, or null. */
  function problem(form: WatchForm): string | null {
    const checked = checkForm(
      watchCreateSchema,
      { ...form, query: form.query.trim() ? form.query : '' },
      {
        name: (issue) => (issue.code === 'too_big' ? 'The name is too long (200 characters at most).' : 'Give the watch a name.'),
        query: (issue) => (issue.code === 'too_big' ? 'The query is too long (4,000 characters at most).' : 'Write a query.'),
      },
    );
    if (!checked.ok) return checked.problem;
    try {
      compileQuery(form.query);
      return null;
    } catch (error) {
      if (error instanceof QuerySyntaxError) return `The query has an error: ${error.message}`;
      throw error;
    }
  }

  async function editor(c: Context<AppEnv>, watch: WatchForm & { id: number | null }, error: string | null, status: 200 | 422 = 200) {
    return c.html(<WatchEditorPage ctx={pageContext(c)} watch={watch} preview={await preview(watch.query)} error={error} />, status);
  }

  return new Hono<AppEnv>()
    .get('/watches', async (c) => {
      const days = lastDays(30);
      const [watches, counts, daily, open] = await Promise.all([
        listWatches(db),
        countMatchesByWatch(db, new Date(Date.now() - 7 * 86_400_000)),
        countMatchesByWatchAndDay(db, new Date(`${days[0]}T00:00:00Z`)),
        listOpenSpikes(db),
      ]);
      const spikes = new Map<number, WatchSpikeView>();
      // A watch in spike under several rules shows the earliest (the list is oldest first).
      for (const s of open) {
        if (!spikes.has(s.watch_id))
          spikes.set(s.watch_id, { window: s.spike_window, count: s.peak_count, baseline: s.baseline, startedAt: new Date(s.started_at) });
      }
      const perWatchDay = new Map(daily.map((d) => [`${d.watch_id} ${d.day}`, d.n]));
      const rows = watches.map((w) => ({
        id: w.id,
        name: w.name,
        query: w.query,
        enabled: w.enabled,
        matchesLast7Days: counts.get(w.id) ?? 0,
        perDay: days.map((date) => ({ date, count: perWatchDay.get(`${w.id} ${date}`) ?? 0 })),
        lastError: w.last_error,
        lastErrorAt: w.last_error_at ? new Date(w.last_error_at) : null,
        spike: spikes.get(w.id) ?? null,
      }));
      return c.html(<WatchesPage ctx={pageContext(c)} watches={rows} />);
    })
    .get('/watches/new', (c) => editor(c, { id: null, name: '', query: c.req.query('query') ?? '', enabled: true }, null))
    .post('/watches', async (c) => {
      const form = await readForm(c);
      const error = problem(form);
      if (error) return editor(c, { id: null, ...form }, error, 422);
      const watch = await createWatch(db, form);
      deps.onWatchChanged?.(watch.id);
      return c.redirect('/watches', 303);
    })
    .get('/watches/:id', async (c) => {
      const watch = await findWatchById(db, parseId(c.req.param('id'), 'Watch'));
      if (!watch) throw notFound('Watch');
      return editor(c, watch, null);
    })
    .post('/watches/:id', async (c) => {
      const id = parseId(c.req.param('id'), 'Watch');
      const existing = await findWatchById(db, id);
      if (!existing) throw notFound('Watch');
      const form = await readForm(c);
      const error = problem(form);
      if (error) return editor(c, { id, ...form }, error, 422);
      await updateWatch(db, id, form);
      if (form.query !== existing.query || (form.enabled && !existing.enabled)) deps.onWatchChanged?.(id);
      return c.redirect('/watches', 303);
    })
    .post('/watches/:id/delete', async (c) => {
      if (!(await deleteWatch(db, parseId(c.req.param('id'), 'Watch')))) throw notFound('Watch');
      return c.redirect('/watches', 303);
    })
    .post('/partials/watch-preview', async (c) => {
      const form = await c.req.parseBody();
      return c.html(<WatchPreview preview={await preview(String(form.query ?? ''), c.req.raw.signal)} />);
    });
}
