import { DayBars } from '../components/day-bars';
import { spikeDays } from '../components/spikes';
import { RelativeTime } from '../components/relative-time';
import { PageLayout } from '../layouts/page-layout';
import type { PageContext } from '../view-models';

export interface WatchRow {
  id: number;
  name: string;
  query: string;
  enabled: boolean;
  matchesLast7Days: number;
  /** Matches per day over the last 30 days, oldest first. */
  perDay: { date: string; count: number }[];
  /** Why the watch was last skipped (query no longer compiles, or failed on a story), and when. */
  lastError: string | null;
  lastErrorAt: Date | null;
  /** A spike going on now, as a spike rule measures it: the count in its window against the usual. */
  spike: WatchSpikeView | null;
}

export interface WatchSpikeView {
  window: 'hour' | 'day';
  /** The highest count seen in the window since the spike began. */
  count: number;
  /** Usual matches per window. */
  baseline: number;
  startedAt: Date;
}

/** Every watch with its recent volume; links to the editor. */
export function WatchesPage({ ctx, watches }: { ctx: PageContext; watches: WatchRow[] }) {
  return (
    <PageLayout title="Watches" ctx={ctx}>
      <div class="page-head row">
        <div>
          <h1>Watches</h1>
          <p class="subtle">
            Saved queries. Every new story is matched against the enabled ones. <a href="/help/query-language">How to write a query</a>
          </p>
        </div>
        <a class="button primary" href="/watches/new">
          New watch
        </a>
      </div>
      {watches.length === 0 ? (
        <p class="empty">No watches yet. Create one to start matching stories.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Query</th>
              <th>Mentions, 30 days</th>
              <th class="num">Last 7 days</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {watches.map((w) => (
              <tr>
                <td>
                  <a href={`/watches/${w.id}`}>{w.name}</a>
                  {w.spike ? (
                    <>
                      {' '}
                      <SpikeBadge spike={w.spike} />
                    </>
                  ) : null}
                </td>
                <td>
                  <code class="query">{w.query}</code>
                </td>
                <td class="volume">
                  <DayBars days={w.perDay} spikes={spikeDays(w.perDay)} label={`${w.name}: matches per day over 30 days`} />
                </td>
                <td class="num">
                  <a href={`/?watch=${w.id}`}>{w.matchesLast7Days}</a>
                </td>
                <td>
                  <WatchStatus watch={w} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="subtle help">
        Query syntax: <code>"exact phrase"</code>, <code>sanction*</code>, <code>{'{UN}'}</code>, <code>AND</code> <code>OR</code> <code>NOT</code>,{' '}
        <code>a NEAR/5 b</code>, <code>title:…</code>. Everything else is in the <a href="/help/query-language">query language guide</a>.
      </p>
    </PageLayout>
  );
}

/** A watch getting far more matches than usual: a spike rule saw it, and it is not over yet. */
function SpikeBadge({ spike }: { spike: WatchSpikeView }) {
  const per = spike.window === 'hour' ? 'in the last hour' : 'in the last 24 hours';
  const usual = spike.baseline < 1 ? Number(spike.baseline.toPrecision(1)) : Math.round(spike.baseline * 10) / 10;
  const detail = `${spike.count} matches ${per}, usually ${usual}`;
  return (
    <>
      <span class="badge spike">
        <span aria-hidden="true">▲</span> Spike
      </span>
      <div class="subtle small spike-detail">
        {detail} · began <RelativeTime date={spike.startedAt} />
      </div>
    </>
  );
}

/** Enabled or paused, and the watch's last error, which says why it matched nothing somewhere. */
function WatchStatus({ watch }: { watch: WatchRow }) {
  return (
    <>
      {watch.enabled ? <span class="status-ok">enabled</span> : <span class="subtle">paused</span>}
      {watch.lastError ? (
        <>
          <br />
          <span class="status-error">
            <span aria-hidden="true">●</span> Skipped
            {watch.lastErrorAt ? (
              <>
                {' '}
                <RelativeTime date={watch.lastErrorAt} />
              </>
            ) : null}
          </span>
          <p class="watch-error" title={watch.lastError}>
            {watch.lastError}
          </p>
        </>
      ) : null}
    </>
  );
}
