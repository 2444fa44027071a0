import type { DashboardFilters } from '@newswatch/web';
import { dashboardQuerySchema } from '../../schemas/story-query';

/** The dashboard's filters read from a query string (a link's, a form's or a saved view's). */
export function readDashboardFilters(query: Record<string, string>): DashboardFilters {
  return dashboardQuerySchema.parse(query);
}

/**
 * The filters as the dashboard's canonical query string, without `?`: only those set, in one
 * order. Every view's URL is `/?` and this, so a link, a bookmark or a saved view shows the same
 * stories to whoever opens it.
 */
export function dashboardQueryString(filters: DashboardFilters): string {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.watch) params.set('watch', String(filters.watch));
  if (filters.feed) params.set('feed', String(filters.feed));
  if (filters.state) params.set('state', filters.state);
  if (filters.all) params.set('all', '1');
  return params.toString();
}

/** The dashboard URL of these filters. */
export const dashboardUrl = (filters: DashboardFilters) => {
  const query = dashboardQueryString(filters);
  return query ? `/?${query}` : '/';
};
