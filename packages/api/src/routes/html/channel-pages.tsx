import { generateWebhookSecret } from '@newswatch/alerts';
import {
  attachRuleWatches,
  countHeldDeliveriesByRule,
  createChannel,
  createRule,
  deleteChannel,
  deleteRule,
  findChannelById,
  findRuleById,
  findTwinRule,
  listChannels,
  listRules,
  listWatches,
  setRuleWatches,
  updateChannel,
  updateRule,
  type Channel,
  type RuleWithWatches,
} from '@newswatch/db';
import { ChannelEditorPage, ChannelsPage, ChannelTestResult, RuleEditorPage, type ChannelForm, type RuleForm } from '@newswatch/web';
import { CronExpressionParser } from 'cron-parser';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { applyMuteChange } from '../../services/rule-mute';
import { parseId } from '../../validation';
import { feedUrlSchema } from '../api/feeds';
import { pageContext } from './page-context';

type Form = Record<string, string | File | (string | File)[]>;
const text = (form: Form, key: string) => {
  const value = form[key];
  return typeof value === 'string' ? value : '';
};
const list = (form: Form, key: string) => {
  const value = form[key];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');
};
const FORMATS = ['json', 'slack', 'discord', 'teams'] as const;
const MODES = ['instant', 'digest', 'feed-health'] as const;
const TIMEZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((tz) => tz !== 'UTC')];

/** A cron expression's next `count` fire times in `timezone`; empty when it does not parse. */
function nextFires(schedule: string, timezone: string, count: number, now = new Date()): Date[] {
  try {
    const expression = CronExpressionParser.parse(schedule, { currentDate: now, tz: timezone });
    return Array.from({ length: count }, () => expression.next().toDate());
  } catch {
    return [];
  }
}

function isTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

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

function ruleForm(rule: RuleWithWatches): RuleForm {
  return {
    id: rule.id,
    channelId: rule.channel_id,
    scope: rule.watch_ids === null ? 'all' : 'selected',
    watchIds: rule.watch_ids ?? [],
    mode: rule.mode,
    schedule: rule.schedule ?? '',
    timezone: rule.timezone ?? '',
    failingHours: String(rule.failing_hours ?? 24),
    minSources: String(rule.min_sources),
    mutePolicy: rule.mute_policy,
    enabled: rule.enabled,
    mutedUntil: rule.muted_until,
  };
}

/** A submitted channel form, checked: the values to store, or the problem to show. */
function readChannel(form: Form, kind: 'webhook' | 'email'): { values: ChannelForm; problem: string | null } {
  const values: ChannelForm = {
    id: null,
    kind,
    name: text(form, 'name').trim(),
    url: text(form, 'url').trim(),
    format: (FORMATS as readonly string[]).includes(text(form, 'format')) ? (text(form, 'format') as ChannelForm['format']) : 'json',
    to: text(form, 'to'),
    rateLimitPerMinute: text(form, 'rateLimitPerMinute').trim(),
    enabled: text(form, 'enabled') === '1',
    secretHint: null,
  };
  const problem = (() => {
    if (!values.name) return 'Give the channel a name.';
    if (values.name.length > 200) return 'The name is too long (200 characters at most).';
    if (kind === 'webhook' && !feedUrlSchema.safeParse(values.url).success) return 'The URL must be an http:// or https:// address.';
    if (kind === 'email') {
      const to = recipients(values.to);
      if (to.length === 0) return 'Give at least one recipient.';
      if (to.length > 50) return 'At most 50 recipients.';
      const bad = to.find((address) => !z.email().safeParse(address).success);
      if (bad) return `“${bad}” is not an e-mail address.`;
    }
    if (values.rateLimitPerMinute && !/^\d{1,4}$/.test(values.rateLimitPerMinute)) return 'The rate limit is a whole number of alerts per minute.';
    const limit = Number(values.rateLimitPerMinute);
    if (values.rateLimitPerMinute && (limit < 1 || limit > 1000)) return 'The rate limit must be between 1 and 1000 per minute (or empty for none).';
    return null;
  })();
  return { values, problem };
}

const recipients = (raw: string) =>
  raw
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A submitted rule form, checked against the channels and watches that exist. */
function readRule(form: Form, known: { channels: Set<number>; watches: Set<number> }): { values: RuleForm; mute: string; problem: string | null } {
  const mode = (MODES as readonly string[]).includes(text(form, 'mode')) ? (text(form, 'mode') as RuleForm['mode']) : 'instant';
  const values: RuleForm = {
    id: null,
    channelId: /^\d+$/.test(text(form, 'channelId')) ? Number(text(form, 'channelId')) : null,
    scope: text(form, 'scope') === 'selected' ? 'selected' : 'all',
    watchIds: list(form, 'watch')
      .filter((v) => /^\d+$/.test(v))
      .map(Number),
    mode,
    schedule: text(form, 'schedule').trim(),
    timezone: text(form, 'timezone').trim(),
    failingHours: text(form, 'failingHours').trim() || '24',
    minSources: text(form, 'minSources').trim() || '1',
    mutePolicy: text(form, 'mutePolicy') === 'drop' ? 'drop' : 'send',
    enabled: text(form, 'enabled') === '1',
    mutedUntil: null,
  };
  const mute = text(form, 'mute');
  const problem = (() => {
    if (values.channelId === null || !known.channels.has(values.channelId)) return 'Choose a channel.';
    if (mode !== 'feed-health' && values.scope === 'selected') {
      if (values.watchIds.length === 0) return 'Tick at least one watch, or choose “All watches”.';
      if (values.watchIds.some((id) => !known.watches.has(id))) return 'One of the ticked watches no longer exists.';
    }
    if (!/^\d{1,3}$/.test(values.minSources) || Number(values.minSources) < 1 || Number(values.minSources) > 100)
      return 'The number of outlets must be between 1 and 100.';
    if (mode === 'digest') {
      if (!values.schedule) return 'A digest needs a cron schedule, e.g. 0 8 * * * for every day at 08:00.';
      const timezone = values.timezone || 'UTC';
      if (!isTimezone(timezone)) return `“${timezone}” is not an IANA time zone (e.g. Asia/Seoul).`;
      if (nextFires(values.schedule, timezone, 1).length === 0)
        return `“${values.schedule}” is not a cron schedule (minute hour day month weekday, e.g. 0 8 * * *).`;
    }
    if (mode === 'feed-health' && (!/^\d{1,3}$/.test(values.failingHours) || Number(values.failingHours) < 1 || Number(values.failingHours) > 720)) {
      return 'The failure threshold must be between 1 and 720 hours.';
    }
    if (mute && !/^\d{1,3}$/.test(mute)) return 'Choose how long to mute.';
    return null;
  })();
  return { values, mute, problem };
}

/** Channels and rules pages (the "Alerts" section), their forms and the "Send test" button. */
export function channelPages(deps: AppDeps) {
  const { db } = deps;

  async function ruleEditor(c: Context<AppEnv>, rule: RuleForm, error: string | null, status: 200 | 409 | 422 = 200) {
    const [channels, watches, held] = await Promise.all([
      listChannels(db),
      listWatches(db),
      rule.id ? countHeldDeliveriesByRule(db) : new Map<number, number>(),
    ]);
    return c.html(
      <RuleEditorPage
        ctx={pageContext(c)}
        rule={rule}
        channels={channels.map((ch) => ({ id: ch.id, name: ch.name }))}
        watches={watches.map((w) => ({ id: w.id, name: w.name }))}
        timezones={TIMEZONES}
        nextDigests={rule.mode === 'digest' && rule.schedule ? nextFires(rule.schedule, rule.timezone || 'UTC', 3) : []}
        heldCount={rule.id ? (held.get(rule.id) ?? 0) : 0}
        error={error}
      />,
      status,
    );
  }

  async function known() {
    const [channels, watches] = await Promise.all([listChannels(db), listWatches(db)]);
    return { channels: new Set(channels.map((c) => c.id)), watches: new Set(watches.map((w) => w.id)) };
  }

  /** The stored form of a rule's watch choice: one watch_id, several rule_watches rows, or all. */
  function watchColumns(values: RuleForm): { watch_id: number | null; several: number[] } {
    if (values.mode === 'feed-health' || values.scope === 'all') return { watch_id: null, several: [] };
    const ids = [...new Set(values.watchIds)];
    return ids.length === 1 ? { watch_id: ids[0]!, several: [] } : { watch_id: null, several: ids };
  }

  /** The message for a rule that would only repeat an existing one, or null. */
  async function twinProblem(values: RuleForm, exceptId?: number): Promise<string | null> {
    const { watch_id, several } = watchColumns(values);
    const twin = await findTwinRule(db, { ...ruleFields(values), watch_ids: watch_id !== null ? [watch_id] : several.length ? several : null }, exceptId);
    return twin ? `Rule ${twin.id} already sends these alerts to this channel the same way: edit that one instead.` : null;
  }

  function ruleFields(values: RuleForm) {
    return {
      channel_id: values.channelId!,
      mode: values.mode,
      schedule: values.mode === 'digest' ? values.schedule : null,
      timezone: values.mode === 'digest' ? values.timezone || 'UTC' : null,
      failing_hours: values.mode === 'feed-health' ? Number(values.failingHours) : null,
      min_sources: Number(values.minSources),
      mute_policy: values.mutePolicy,
      enabled: values.enabled,
    };
  }

  const muteUntil = (mute: string, current: Date | null): Date | null => {
    if (mute === '') return current;
    const hours = Number(mute);
    return hours > 0 ? new Date(Date.now() + hours * 3_600_000) : null;
  };

  return new Hono<AppEnv>()
    .get('/rules', (c) => c.redirect('/channels#rules', 303))
    .get('/channels/rules/new', async (c) => {
      const channelParam = c.req.query('channel');
      const channels = await listChannels(db);
      const channelId = channelParam && /^\d+$/.test(channelParam) ? Number(channelParam) : (channels[0]?.id ?? null);
      return ruleEditor(
        c,
        {
          id: null,
          channelId,
          scope: 'all',
          watchIds: [],
          mode: 'instant',
          schedule: '0 8 * * *',
          timezone: 'UTC',
          failingHours: '24',
          minSources: '1',
          mutePolicy: 'send',
          enabled: true,
          mutedUntil: null,
        },
        channels.length === 0 ? 'Add a channel first: a rule sends alerts to one.' : null,
      );
    })
    .post('/channels/rules', async (c) => {
      const { values, mute, problem } = readRule(await c.req.parseBody({ all: true }), await known());
      if (problem) return ruleEditor(c, values, problem, 422);
      const twin = await twinProblem(values);
      if (twin) return ruleEditor(c, values, twin, 409);
      const { watch_id, several } = watchColumns(values);
      const rule = await createRule(db, { ...ruleFields(values), watch_id, muted_until: muteUntil(mute, null) });
      if (several.length) await setRuleWatches(db, rule.id, several);
      return c.redirect('/channels#rules', 303);
    })
    .get('/channels/rules/:id', async (c) => {
      const rule = await findRuleById(db, parseId(c.req.param('id'), 'Rule'));
      if (!rule) throw notFound('Rule');
      return ruleEditor(c, ruleForm((await attachRuleWatches(db, [rule]))[0]!), null);
    })
    .post('/channels/rules/:id', async (c) => {
      const id = parseId(c.req.param('id'), 'Rule');
      const before = await findRuleById(db, id);
      if (!before) throw notFound('Rule');
      const { values, mute, problem } = readRule(await c.req.parseBody({ all: true }), await known());
      if (problem) return ruleEditor(c, { ...values, id, mutedUntil: before.muted_until }, problem, 422);
      const twin = await twinProblem(values, id);
      if (twin) return ruleEditor(c, { ...values, id, mutedUntil: before.muted_until }, twin, 409);
      const { watch_id, several } = watchColumns(values);
      await setRuleWatches(db, id, several);
      const after = await updateRule(db, id, { ...ruleFields(values), watch_id, muted_until: muteUntil(mute, before.muted_until) });
      if (after) await applyMuteChange(db, before, after);
      return c.redirect('/channels#rules', 303);
    })
    .post('/channels/rules/:id/mute', async (c) => {
      const id = parseId(c.req.param('id'), 'Rule');
      const before = await findRuleById(db, id);
      if (!before) throw notFound('Rule');
      const hours = text(await c.req.parseBody(), 'hours');
      const after = await updateRule(db, id, { muted_until: muteUntil(/^\d{1,3}$/.test(hours) ? hours : '0', before.muted_until) });
      if (after) await applyMuteChange(db, before, after);
      return c.redirect('/channels#rules', 303);
    })
    .post('/channels/rules/:id/delete', async (c) => {
      if (!(await deleteRule(db, parseId(c.req.param('id'), 'Rule')))) throw notFound('Rule');
      return c.redirect('/channels#rules', 303);
    })
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
      const kind = text(form, 'kind') === 'email' ? 'email' : 'webhook';
      const { values, problem } = readChannel(form, kind);
      if (problem) return c.html(<ChannelEditorPage ctx={pageContext(c)} channel={values} error={problem} />, 422);
      const rateLimit = values.rateLimitPerMinute ? Number(values.rateLimitPerMinute) : null;
      if (kind === 'email') {
        await createChannel(db, {
          kind,
          name: values.name,
          config: { to: recipients(values.to) },
          secret: null,
          rate_limit_per_minute: rateLimit,
          enabled: values.enabled,
        });
        return c.redirect('/channels', 303);
      }
      const secret = values.format === 'json' ? generateWebhookSecret() : null;
      const channel = await createChannel(db, {
        kind,
        name: values.name,
        config: { url: values.url, format: values.format },
        secret,
        rate_limit_per_minute: rateLimit,
        enabled: values.enabled,
      });
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
      const { values, problem } = readChannel(await c.req.parseBody(), existing.kind);
      if (problem)
        return c.html(
          <ChannelEditorPage ctx={pageContext(c)} channel={{ ...values, id, secretHint: channelForm(existing).secretHint }} error={problem} />,
          422,
        );
      const config = existing.kind === 'email' ? { to: recipients(values.to) } : { url: values.url, format: values.format };
      // Switching a webhook to signed JSON needs a secret; it is shown on the channel page once.
      const secret = existing.kind === 'webhook' && values.format === 'json' && !existing.secret ? generateWebhookSecret() : null;
      const channel = await updateChannel(db, id, {
        name: values.name,
        config,
        enabled: values.enabled,
        rate_limit_per_minute: values.rateLimitPerMinute ? Number(values.rateLimitPerMinute) : null,
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
