import { PageLayout } from '../layouts/page-layout';
import { formatInZone, formatUtcMinute, plural, untilText } from '../partials/channel-format';
import { ChannelTestResult } from '../partials/channel-test-result';
import type { PageContext } from '../view-models';

/** A channel as the Alerts page lists it. */
export interface ChannelRowView {
  id: number;
  name: string;
  kind: 'webhook' | 'email';
  /** Webhook body format; null for e-mail. */
  format: 'json' | 'slack' | 'discord' | 'teams' | null;
  /** Where it goes: the webhook host and path, or the recipients. */
  target: string;
  rateLimitPerMinute: number | null;
  enabled: boolean;
  ruleCount: number;
}

/** A rule as the Alerts page lists it. */
export interface RuleRowView {
  id: number;
  channelId: number;
  channelName: string;
  /** The watches it covers; null = every watch. */
  watches: { id: number; name: string }[] | null;
  mode: 'instant' | 'digest' | 'feed-health' | 'spike';
  schedule: string | null;
  timezone: string | null;
  /** When the next digest window closes (digest rules). */
  nextDigestAt: Date | null;
  failingHours: number | null;
  spike: { window: 'hour' | 'day'; factor: number; minCount: number } | null;
  minSources: number;
  mutedUntil: Date | null;
  mutePolicy: 'send' | 'drop';
  enabled: boolean;
  /** Alerts waiting for this rule's mute to end. */
  heldCount: number;
}

export interface ChannelsPageProps {
  ctx: PageContext;
  channels: ChannelRowView[];
  rules: RuleRowView[];
  now?: Date;
}

export const FORMAT_LABEL: Record<NonNullable<ChannelRowView['format']>, string> = {
  json: 'Webhook (signed JSON)',
  slack: 'Slack',
  discord: 'Discord',
  teams: 'Microsoft Teams',
};

/** The Alerts page: where alerts go (channels, with "Send test") and which watches send them (rules). */
export function ChannelsPage({ ctx, channels, rules, now = new Date() }: ChannelsPageProps) {
  return (
    <PageLayout title="Alerts" ctx={ctx}>
      <div class="page-head row">
        <div>
          <h1>Alerts</h1>
          <p class="subtle">
            Channels are where alerts go; rules decide which watches alert which channel, and how. Every message sent is in the{' '}
            <a href="/deliveries">delivery log</a>.
          </p>
        </div>
      </div>

      <section class="section" id="channels">
        <div class="section-head">
          <h2>Channels</h2>
          <a class="button primary" href="/channels/new">
            New channel
          </a>
        </div>
        {channels.length === 0 ? (
          <p class="empty">No channels yet. Add a webhook (JSON, Slack, Discord, Teams) or an e-mail channel.</p>
        ) : (
          <table class="channels">
            <thead>
              <tr>
                <th>Name</th>
                <th>Destination</th>
                <th>Rate limit</th>
                <th>Status</th>
                <th>Test</th>
              </tr>
            </thead>
            <tbody>
              {channels.map((ch) => (
                <tr>
                  <td>
                    <a href={`/channels/${ch.id}`} class="strong">
                      {ch.name}
                    </a>
                    <div class="subtle small">{ch.kind === 'email' ? 'E-mail' : FORMAT_LABEL[ch.format ?? 'json']}</div>
                  </td>
                  <td class="target">
                    <span title={ch.target}>{ch.target}</span>
                    <div class="subtle small">{plural(ch.ruleCount, 'rule', 'rules')}</div>
                  </td>
                  <td class="nowrap">{ch.rateLimitPerMinute ? `${ch.rateLimitPerMinute} / min` : <span class="subtle">none</span>}</td>
                  <td>{ch.enabled ? <span class="pill sent">enabled</span> : <span class="pill pending">paused</span>}</td>
                  <td class="test-cell">
                    <button
                      type="button"
                      class="small"
                      hx-post={`/channels/${ch.id}/test`}
                      hx-target={`#channel-test-${ch.id}`}
                      hx-swap="outerHTML"
                      hx-disabled-elt="this"
                    >
                      Send test
                    </button>
                    <ChannelTestResult channelId={ch.id} result={null} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section class="section" id="rules">
        <div class="section-head">
          <h2>Rules</h2>
          {channels.length > 0 ? (
            <a class="button primary" href="/channels/rules/new">
              New rule
            </a>
          ) : null}
        </div>
        {rules.length === 0 ? (
          <p class="empty">
            {channels.length === 0
              ? 'Add a channel first, then a rule that sends watches to it.'
              : 'No rules yet: nothing is sent. Add one to route watches to a channel.'}
          </p>
        ) : (
          <table class="rules">
            <thead>
              <tr>
                <th>Watches</th>
                <th>Channel</th>
                <th>When</th>
                <th>Status</th>
                <th>
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => (
                <RuleRow rule={rule} csrfToken={ctx.csrfToken} now={now} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </PageLayout>
  );
}

function RuleRow({ rule, csrfToken, now }: { rule: RuleRowView; csrfToken: string | null; now: Date }) {
  const muted = rule.mutedUntil !== null && rule.mutedUntil > now;
  return (
    <tr class={!rule.enabled || muted ? 'dimmed' : undefined}>
      <td>
        <a href={`/channels/rules/${rule.id}`} class="strong">
          {rule.mode === 'feed-health' ? 'Feed health' : rule.watches === null ? 'All watches' : rule.watches.map((w) => w.name).join(', ') || '(no watches)'}
        </a>
        {rule.minSources > 1 && (rule.mode === 'instant' || rule.mode === 'digest') ? (
          <div class="subtle small">once carried by {rule.minSources} outlets</div>
        ) : null}
      </td>
      <td>
        <a href={`/channels/${rule.channelId}`}>{rule.channelName}</a>
      </td>
      <td>
        {rule.mode === 'instant' ? <span>Instantly</span> : null}
        {rule.mode === 'digest' ? (
          <>
            <span>
              Digest <code>{rule.schedule}</code>
            </span>
            <div class="subtle small">{rule.nextDigestAt ? `next ${formatInZone(rule.nextDigestAt, rule.timezone ?? 'UTC')}` : rule.timezone}</div>
          </>
        ) : null}
        {rule.mode === 'feed-health' ? <span>When a feed fails for {plural(rule.failingHours ?? 24, 'hour', 'hours')}</span> : null}
        {rule.mode === 'spike' && rule.spike ? (
          <>
            <span>On a spike</span>
            <div class="subtle small">
              more than {rule.spike.factor}× the usual matches {rule.spike.window === 'hour' ? 'in an hour' : 'in 24 hours'}, at least {rule.spike.minCount}
            </div>
          </>
        ) : null}
      </td>
      <td>
        {!rule.enabled ? <span class="pill pending">paused</span> : muted ? <span class="pill muted">muted</span> : <span class="pill sent">active</span>}
        {muted ? (
          <div class="subtle small" title={formatUtcMinute(rule.mutedUntil!)}>
            ends {untilText(rule.mutedUntil!, now)} · {rule.mutePolicy === 'send' ? 'held alerts will be sent' : 'held alerts will be dropped'}
            {rule.heldCount > 0 ? ` · ${plural(rule.heldCount, 'alert', 'alerts')} held` : ''}
          </div>
        ) : null}
      </td>
      <td class="actions-cell">
        <form method="post" action={`/channels/rules/${rule.id}/mute`} class="inline">
          <input type="hidden" name="_csrf" value={csrfToken ?? ''} />
          {muted ? (
            <button type="submit" name="hours" value="0" class="small">
              Unmute
            </button>
          ) : (
            <button type="submit" name="hours" value="8" class="small" title="Hold this rule's alerts for 8 hours">
              Mute 8 h
            </button>
          )}
        </form>
      </td>
    </tr>
  );
}
