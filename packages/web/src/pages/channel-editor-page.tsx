import { PageLayout } from '../layouts/page-layout';
import { ChannelTestResult } from '../partials/channel-test-result';
import type { PageContext } from '../view-models';
import { FORMAT_LABEL } from './channels-page';

/** The channel form's values (as typed, so a rejected form comes back unchanged). */
export interface ChannelForm {
  id: number | null;
  kind: 'webhook' | 'email';
  name: string;
  url: string;
  format: 'json' | 'slack' | 'discord' | 'teams';
  /** Recipients, one per line or comma-separated. */
  to: string;
  /** Empty = no limit. */
  rateLimitPerMinute: string;
  enabled: boolean;
  /** First characters of the signing secret of a saved JSON webhook. */
  secretHint: string | null;
}

export interface ChannelEditorProps {
  ctx: PageContext;
  channel: ChannelForm;
  error: string | null;
  /** The whole signing secret, shown once right after a JSON webhook was created. */
  createdSecret?: string | null;
}

/**
 * Create or edit a channel. A new channel picks its kind first (two tabs, plain links: no
 * script); a saved channel keeps its kind. A JSON webhook's secret is shown once, after creation.
 */
export function ChannelEditorPage({ ctx, channel, error, createdSecret = null }: ChannelEditorProps) {
  const isNew = channel.id === null;
  const action = isNew ? '/channels' : `/channels/${channel.id}`;
  return (
    <PageLayout title={isNew ? 'New channel' : channel.name} ctx={ctx}>
      <p class="crumbs">
        <a href="/channels">← Alerts</a>
      </p>
      <h1>{isNew ? 'New channel' : `Channel “${channel.name}”`}</h1>
      {createdSecret ? (
        <div class="notice" role="status">
          <strong>Channel created.</strong> Copy its signing secret now — it is not shown again. Receivers verify the <code>webhook-signature</code> header with
          it (Standard Webhooks).
          <pre class="secret">{createdSecret}</pre>
        </div>
      ) : null}
      {isNew ? (
        <nav class="status-tabs kind-tabs" aria-label="Channel kind">
          <a href="/channels/new?kind=webhook" class={channel.kind === 'webhook' ? 'active' : undefined}>
            Webhook
          </a>
          <a href="/channels/new?kind=email" class={channel.kind === 'email' ? 'active' : undefined}>
            E-mail
          </a>
        </nav>
      ) : null}
      <div class="editor narrow">
        <form class="card stack" method="post" action={action}>
          <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
          <input type="hidden" name="kind" value={channel.kind} />
          {error ? (
            <p class="error" role="alert">
              {error}
            </p>
          ) : null}
          <label>
            Name
            <input
              type="text"
              name="name"
              value={channel.name}
              required
              maxlength={200}
              placeholder={channel.kind === 'email' ? 'e.g. Korea desk' : 'e.g. #korea-alerts'}
            />
          </label>
          {channel.kind === 'webhook' ? (
            <>
              <label>
                Format
                <select name="format">
                  {(Object.keys(FORMAT_LABEL) as ChannelForm['format'][]).map((f) => (
                    <option value={f} selected={channel.format === f}>
                      {FORMAT_LABEL[f]}
                    </option>
                  ))}
                </select>
                <span class="hint">Slack, Discord and Teams take their incoming-webhook URL; “signed JSON” posts Standard Webhooks events.</span>
              </label>
              <label>
                URL
                <input type="url" name="url" value={channel.url} required placeholder="https://hooks.example.com/newswatch" />
              </label>
              {!isNew && channel.format === 'json' ? (
                <p class="hint">
                  Signing secret: <code>{channel.secretHint ?? 'none (unsigned)'}</code>
                </p>
              ) : null}
            </>
          ) : (
            <label>
              Recipients
              <textarea name="to" rows={3} required placeholder={'analyst@example.org\ndesk@example.org'}>
                {channel.to}
              </textarea>
              <span class="hint">One address per line (or separated by commas). Sent through the server in SMTP_URL.</span>
            </label>
          )}
          <label>
            Rate limit (alerts per minute)
            <input type="number" name="rateLimitPerMinute" value={channel.rateLimitPerMinute} min={1} max={1000} placeholder="no limit" class="short" />
            <span class="hint">In a storm, alerts past this many per minute are combined into one message instead of flooding the channel.</span>
          </label>
          <label class="check">
            <input type="checkbox" name="enabled" value="1" checked={channel.enabled} /> Enabled
          </label>
          <div class="actions">
            <button type="submit" class="primary">
              {isNew ? 'Create channel' : 'Save changes'}
            </button>
            <a href="/channels">Cancel</a>
          </div>
        </form>
        {!isNew ? (
          <div class="card stack">
            <h2>Send a test</h2>
            <p class="subtle">Sends one test message through this channel now and shows what the other side answered.</p>
            <div>
              <button
                type="button"
                hx-post={`/channels/${channel.id}/test`}
                hx-target={`#channel-test-${channel.id}`}
                hx-swap="outerHTML"
                hx-disabled-elt="this"
              >
                Send test
              </button>
            </div>
            <ChannelTestResult channelId={channel.id!} result={null} />
          </div>
        ) : null}
      </div>
      {!isNew ? (
        <form method="post" action={`/channels/${channel.id}/delete`} class="danger-zone">
          <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
          <button type="submit" class="danger">
            Delete this channel and its rules
          </button>
        </form>
      ) : null}
    </PageLayout>
  );
}
