import { generateWebhookSecret, SPIKE_DEFAULTS } from '@newswatch/alerts';
import {
  attachRuleWatches,
  countHeldDeliveriesByRule,
  deleteChannel,
  findChannelById,
  listChannels,
  listRules,
  listWatches,
  updateChannel,
  type Channel,
} from '@newswatch/db';
import { ChannelEditorPage, ChannelsPage, ChannelTestResult, type ChannelForm } from '@newswatch/web';
import { Hono } from 'hono';
import { notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { channelCreateSchema, webhookFormatSchema } from '../../schemas/channel';
import { addChannel } from '../../services/new-channel';
import { parseId } from '../../validation';
import { checkForm, type FormBody, formCount, formText } from './form-fields';
import { nextFires } from './next-fires';
import { pageContext } from './page-context';

function channelTarget(ch: Channel): string {
  if (ch.kind === 'email') return (ch.config.to ?? []).join(', ');
  try {
    const url = new URL(ch.config.url ?? '');
    // Chat webhook paths carry their secret token: show where it goes, not the credential.
    return ch.config.format && ch.config.format !== 'json' ? `${url.host}/…` : `${url.host}${url.pathname}`;
  } catch {
    return ch.config.url ?? '';
  }
}

function channelForm(ch: Channel): ChannelForm {
  return {
    id: ch.id,
    kind: ch.kind,
    name: ch.name,
    url: ch.config.url ?? '',
    format: ch.config.format ?? 'json',
    to: (ch.config.to ?? []).join('\n'),
    rateLimitPerMinute: ch.rate_limit_per_minute === null ? '' : String(ch.rate_limit_per_minute),
    enabled: ch.enabled,
    secretHint: ch.secret ? `${ch.secret.slice(0, 10)}…` : null,
  };
}

const recipients = (raw: string) =>
  raw
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * A submitted channel form of a kind: the values to show again, and the channel checked with
 * the schema `POST /api/v1/channels` uses, or the problem in the editor's words.
 */
function readChannel(form: FormBody, kind: 'webhook' | 'email') {
  const values: ChannelForm = {
    id: null,
    kind,
    name: formText(form, 'name').trim(),
    url: formText(form, 'url').trim(),
    format: webhookFormatSchema.safeParse(formText(form, 'format')).data ?? 'json',
    to: formText(form, 'to'),
    rateLimitPerMinute: formText(form, 'rateLimitPerMinute').trim(),
    enabled: formText(form, 'enabled') === '1',
    secretHint: null,
  };
  const to = recipients(values.to);
  const shared = { kind, name: values.name, rateLimitPerMinute: formCount(values.rateLimitPerMinute) ?? null, enabled: values.enabled };
  const input = kind === 'webhook' ? { ...shared, url: values.url, format: formText(form, 'format') || undefined } : { ...shared, to };
  const checked = checkForm(channelCreateSchema, input, {
    name: (issue) => (issue.code === 'too_big' ? 'The name is too long (200 characters at most).' : 'Give the channel a name.'),
    url: 'The URL must be an http:// or https:// address.',
    format: 'Choose one of the formats.',
    to: (issue) =>
      issue.code === 'too_small'
        ? 'Give at least one recipient.'
        : issue.code === 'too_big'
          ? 'At most 50 recipients.'
          : `“${to[Number(issue.path[1])]}” is not an e-mail address.`,
    rateLimitPerMinute: (issue) =>
      issue.code === 'invalid_type'
        ? 'The rate limit is a whole number of alerts per minute.'
        : 'The rate limit must be between 1 and 1000 per minute (or empty for none).',
  });
  return { values, checked };
}

/** The channels page (the "Alerts" section, listing rules too), the channel editor and "Send test". */
export function channelPages(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/channels', async (c) => {
      const [channels, rules, watches, held] = await Promise.all([listChannels(db), listRules(db), listWatches(db), countHeldDeliveriesByRule(db)]);
      const names = new Map(watches.map((w) => [w.id, w.name]));
      const channelNames = new Map(channels.map((ch) => [ch.id, ch.name]));
      const now = new Date();
      return c.html(
        <ChannelsPage
          ctx={pageContext(c)}
          now={now}
          channels={channels.map((ch) => ({
            id: ch.id,
            name: ch.name,
            kind: ch.kind,
            format: ch.kind === 'webhook' ? (ch.config.format ?? 'json') : null,
            target: channelTarget(ch),
            rateLimitPerMinute: ch.rate_limit_per_minute,
            enabled: ch.enabled,
            ruleCount: rules.filter((r) => r.channel_id === ch.id).length,
          }))}
          rules={(await attachRuleWatches(db, rules)).map((r) => ({
            id: r.id,
            channelId: r.channel_id,
            channelName: channelNames.get(r.channel_id) ?? `channel ${r.channel_id}`,
            watches: r.watch_ids === null ? null : r.watch_ids.map((id) => ({ id, name: names.get(id) ?? `watch ${id}` })),
            mode: r.mode,
            schedule: r.schedule,
            timezone: r.timezone,
            nextDigestAt: r.mode === 'digest' && r.schedule ? (nextFires(r.schedule, r.timezone ?? 'UTC', 1, now)[0] ?? null) : null,
            failingHours: r.failing_hours,
            spike:
              r.mode === 'spike'
                ? {
                    window: r.spike_window ?? SPIKE_DEFAULTS.window,
                    factor: r.spike_factor ?? SPIKE_DEFAULTS.factor,
                    minCount: r.spike_min_count ?? SPIKE_DEFAULTS.minCount,
                  }
                : null,
            minSources: r.min_sources,
            mutedUntil: r.muted_until,
            mutePolicy: r.mute_policy,
            enabled: r.enabled,
            heldCount: held.get(r.id) ?? 0,
          }))}
        />,
      );
    })
    .get('/channels/new', (c) => {
      const kind = c.req.query('kind') === 'email' ? 'email' : 'webhook';
      return c.html(
        <ChannelEditorPage
          ctx={pageContext(c)}
          channel={{ id: null, kind, name: '', url: '', format: 'json', to: '', rateLimitPerMinute: '', enabled: true, secretHint: null }}
          error={null}
        />,
      );
    })
    .post('/channels', async (c) => {
      const form = await c.req.parseBody();
      const { values, checked } = readChannel(form, formText(form, 'kind') === 'email' ? 'email' : 'webhook');
      if (!checked.ok) return c.html(<ChannelEditorPage ctx={pageContext(c)} channel={values} error={checked.problem} />, 422);
      const { channel, secret } = await addChannel(db, checked.data);
      if (!secret) return c.redirect('/channels', 303);
      // The only time the whole secret is shown: on the page answering the creation.
      return c.html(<ChannelEditorPage ctx={pageContext(c)} channel={channelForm(channel)} error={null} createdSecret={secret} />, 201);
    })
    .get('/channels/:id', async (c) => {
      const channel = await findChannelById(db, parseId(c.req.param('id'), 'Channel'));
      if (!channel) throw notFound('Channel');
      return c.html(<ChannelEditorPage ctx={pageContext(c)} channel={channelForm(channel)} error={null} />);
    })
    .post('/channels/:id', async (c) => {
      const id = parseId(c.req.param('id'), 'Channel');
      const existing = await findChannelById(db, id);
      if (!existing) throw notFound('Channel');
      const { values, checked } = readChannel(await c.req.parseBody(), existing.kind);
      if (!checked.ok)
        return c.html(
          <ChannelEditorPage ctx={pageContext(c)} channel={{ ...values, id, secretHint: channelForm(existing).secretHint }} error={checked.problem} />,
          422,
        );
      const input = checked.data;
      const config = input.kind === 'email' ? { to: input.to } : { url: input.url, format: input.format };
      // Switching a webhook to signed JSON needs a secret; it is shown on the channel page once.
      const secret = input.kind === 'webhook' && input.format === 'json' && !existing.secret ? generateWebhookSecret() : null;
      const channel = await updateChannel(db, id, {
        name: input.name,
        config,
        enabled: values.enabled,
        rate_limit_per_minute: input.rateLimitPerMinute ?? null,
        ...(secret ? { secret } : {}),
      });
      if (secret && channel) return c.html(<ChannelEditorPage ctx={pageContext(c)} channel={channelForm(channel)} error={null} createdSecret={secret} />);
      return c.redirect('/channels', 303);
    })
    .post('/channels/:id/delete', async (c) => {
      if (!(await deleteChannel(db, parseId(c.req.param('id'), 'Channel')))) throw notFound('Channel');
      return c.redirect('/channels', 303);
    })
    .post('/channels/:id/test', async (c) => {
      const id = parseId(c.req.param('id'), 'Channel');
      if (!(await findChannelById(db, id))) throw notFound('Channel');
      const result = deps.testChannel
        ? await deps.testChannel(id)
        : { ok: false, statusCode: null, error: 'this process does not send alerts (run newswatch start or dispatch)', durationMs: 0 };
      return c.html(<ChannelTestResult channelId={id} result={result} />);
    });
}
