import { deleteSavedView, saveView } from '@newswatch/db';
import { Hono, type Context } from 'hono';
import { ApiError, notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { parseId } from '../../validation';
import { dashboardQueryString, dashboardUrl, readDashboardFilters } from './dashboard-query';
import { formText } from './form-fields';

const MAX_NAME = 60;

/** Saved views belong to a signed-in user; an API token has none. */
function userOf(c: Context<AppEnv>): number {
  const principal = c.get('principal');
  if (principal.kind !== 'session') throw new ApiError(403, 'forbidden', 'Saved views belong to a signed-in user');
  return principal.userId;
}

/**
 * Saved dashboard views: "Save view" stores the dashboard's filters under a name (again under
 * the same name: the new filters), then opens the view; delete removes one. The stored query
 * is the canonical one of the filters it was given, so a view only ever holds known filters.
 */
export function savedViewPages(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .post('/views', async (c) => {
      const userId = userOf(c);
      const form = await c.req.parseBody();
      const name = formText(form, 'name').trim();
      if (!name || name.length > MAX_NAME) throw new ApiError(422, 'invalid_request', `Give the view a name of at most ${MAX_NAME} characters.`);
      const filters = readDashboardFilters(Object.fromEntries(new URLSearchParams(formText(form, 'query'))));
      await saveView(db, userId, name, dashboardQueryString(filters));
      return c.redirect(dashboardUrl(filters), 303);
    })
    .post('/views/:id/delete', async (c) => {
      const userId = userOf(c);
      if (!(await deleteSavedView(db, userId, parseId(c.req.param('id'), 'View')))) throw notFound('View');
      return c.redirect('/', 303);
    });
}
