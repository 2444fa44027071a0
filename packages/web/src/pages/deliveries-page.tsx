import { PageLayout } from '../layouts/page-layout';
import { DeliveryRow, type DeliveryRowView, type DeliveryStatusView } from '../partials/delivery-row';
import type { PageContext } from '../view-models';

export interface DeliveriesPageProps {
  ctx: PageContext;
  deliveries: DeliveryRowView[];
  /** The status filter in effect; null = every delivery. */
  status: DeliveryStatusView | null;
  /** How many deliveries are in each status (all time). */
  counts: Partial<Record<DeliveryStatusView, number>>;
  /** Link to the next (older) page, when there is one. */
  olderUrl: string | null;
  now?: Date;
}

const STATUSES: { status: DeliveryStatusView; label: string; hint: string }[] = [
  { status: 'pending', label: 'Pending', hint: 'queued, held by a mute or a rate limit, or waiting to be claimed' },
  { status: 'sending', label: 'Sending', hint: 'claimed by a dispatcher right now' },
  { status: 'sent', label: 'Sent', hint: 'the channel accepted it' },
  { status: 'failed', label: 'Failed', hint: 'will be retried with backoff' },
  { status: 'dead', label: 'Dead', hint: 'gave up (permanent error, retries exhausted, or dropped by a mute); can be retried by hand' },
  { status: 'combined', label: 'Combined', hint: 'sent inside one combined message during an alert storm (channel rate limit)' },
];

/**
 * The delivery log: every alert the outbox holds, newest first, with every attempt's answer,
 * error text and duration, filtered by status; dead and failed deliveries can be retried.
 */
export function DeliveriesPage({ ctx, deliveries, status, counts, olderUrl, now = new Date() }: DeliveriesPageProps) {
  const total = STATUSES.reduce((sum, s) => sum + (counts[s.status] ?? 0), 0);
  return (
    <PageLayout title="Delivery log" ctx={ctx}>
      <div class="page-head row">
        <div>
          <h1>Delivery log</h1>
          <p class="subtle">
            Every alert sent or queued, with each attempt. Channels and rules are under <a href="/channels">Alerts</a>.
          </p>
        </div>
        <a class="button" href={status ? `/deliveries?status=${status}` : '/deliveries'}>
          Refresh
        </a>
      </div>
      <nav class="status-tabs" aria-label="Filter by status">
        <a href="/deliveries" class={status === null ? 'active' : undefined}>
          All <span class="count">{total}</span>
        </a>
        {STATUSES.map((s) => (
          <a href={`/deliveries?status=${s.status}`} class={status === s.status ? 'active' : undefined} title={s.hint}>
            <span class={`dot ${s.status}`} aria-hidden="true"></span>
            {s.label} <span class="count">{counts[s.status] ?? 0}</span>
          </a>
        ))}
      </nav>
      {deliveries.length === 0 ? (
        <p class="empty">
          {status
            ? `No ${status} deliveries.`
            : 'Nothing sent yet. Alerts appear here as soon as a rule queues one; “Send test” on a channel does not go through the log.'}
        </p>
      ) : (
        <table class="delivery-log">
          <thead>
            <tr>
              <th>Status</th>
              <th>Alert</th>
              <th class="num">Attempts</th>
              <th>Last answer</th>
              <th>
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <DeliveryRow delivery={d} csrfToken={ctx.csrfToken} now={now} />
            ))}
          </tbody>
        </table>
      )}
      {olderUrl ? (
        <p class="load-more">
          <a class="button" href={olderUrl}>
            Older deliveries →
          </a>
        </p>
      ) : null}
    </PageLayout>
  );
}
