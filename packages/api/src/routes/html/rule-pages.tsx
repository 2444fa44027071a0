import {
  attachRuleWatches,
  countHeldDeliveriesByRule,
  createRule,
  deleteRule,
  findRuleById,
  findTwinRule,
  listChannels,
  listWatches,
  setRuleWatches,
  updateRule,
  type RuleWithWatches,
} from '@newswatch/db';
import { RuleEditorPage, type RuleForm } from '@newswatch/web';
import { Hono, type Context } from 'hono';
import { notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { applyMuteChange } from '../../services/rule-mute';
import { parseId } from '../../validation';
import { type FormBody, formList, formText } from './form-fields';
import { nextFires } from './next-fires';
import { pageContext } from './page-context';

const MODES = ['instant', 'digest', 'feed-health'] as const;
const TIMEZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((tz) => tz !== 'UTC')];

function isTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
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

/** A submitted rule form, checked against the channels and watches that exist. */
function readRule(form: FormBody, known: { channels: Set<number>; watches: Set<number> }): { values: RuleForm; mute: string; problem: string | null } {
  const mode = (MODES as readonly string[]).includes(formText(form, 'mode')) ? (formText(form, 'mode') as RuleForm['mode']) : 'instant';
  const values: RuleForm = {
    id: null,
    channelId: /^\d+$/.test(formText(form, 'channelId')) ? Number(formText(form, 'channelId')) : null,
    scope: formText(form, 'scope') === 'selected' ? 'selected' : 'all',
    watchIds: formList(form, 'watch')
      .filter((v) => /^\d+$/.test(v))
      .map(Number),
    mode,
    schedule: formText(form, 'schedule').trim(),
    timezone: formText(form, 'timezone').trim(),
    failingHours: formText(form, 'failingHours').trim() || '24',
    minSources: formText(form, 'minSources').trim() || '1',
    mutePolicy: formText(form, 'mutePolicy') === 'drop' ? 'drop' : 'send',
    enabled: formText(form, 'enabled') === '1',
    mutedUntil: null,
  };
  const mute = formText(form, 'mute');
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

/** The rule editor (under the channels page, the "Alerts" section), its form posts, mute and delete. */
export function rulePages(deps: AppDeps) {
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
      const hours = formText(await c.req.parseBody(), 'hours');
      const after = await updateRule(db, id, { muted_until: muteUntil(/^\d{1,3}$/.test(hours) ? hours : '0', before.muted_until) });
      if (after) await applyMuteChange(db, before, after);
      return c.redirect('/channels#rules', 303);
    })
    .post('/channels/rules/:id/delete', async (c) => {
      if (!(await deleteRule(db, parseId(c.req.param('id'), 'Rule')))) throw notFound('Rule');
      return c.redirect('/channels#rules', 303);
    });
}
