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
import { SPIKE_DEFAULTS } from '@newswatch/alerts';
import { RuleEditorPage, type RuleForm } from '@newswatch/web';
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { mutePolicySchema, ruleCreateSchema, ruleModeSchema, spikeWindowSchema } from '../../schemas/rule';
import { applyMuteChange } from '../../services/rule-mute';
import { findMissingRuleReference } from '../../services/rule-references';
import { spikeColumns } from '../../services/rule-spike';
import { parseId } from '../../validation';
import { checkForm, type FormBody, formCount, formDecimal, formList, formText } from './form-fields';
import { nextFires } from './next-fires';
import { pageContext } from './page-context';

const TIMEZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((tz) => tz !== 'UTC')];

type RuleInput = z.output<typeof ruleCreateSchema>;

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
    spikeWindow: rule.spike_window ?? SPIKE_DEFAULTS.window,
    spikeFactor: String(rule.spike_factor ?? SPIKE_DEFAULTS.factor),
    spikeMinCount: String(rule.spike_min_count ?? SPIKE_DEFAULTS.minCount),
    minSources: String(rule.min_sources),
    mutePolicy: rule.mute_policy,
    enabled: rule.enabled,
    mutedUntil: rule.muted_until,
  };
}

/**
 * The end of a mute chosen as hours from now, as the schemas take it: 0 ends the mute, an empty
 * choice keeps it, and anything but a number of hours stays text for the schema to refuse.
 */
function muteEnd(hours: string): string | null | undefined {
  if (hours === '') return undefined;
  if (!/^\d{1,3}$/.test(hours)) return hours;
  return Number(hours) > 0 ? new Date(Date.now() + Number(hours) * 3_600_000).toISOString() : null;
}

/**
 * A submitted rule form: the values to show again, and the form turned into the body of
 * `POST /api/v1/rules` (only the fields its mode uses) for {@link ruleCreateSchema} to check.
 */
function readRule(form: FormBody) {
  const mode = ruleModeSchema.safeParse(formText(form, 'mode')).data ?? 'instant';
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
    spikeWindow: spikeWindowSchema.safeParse(formText(form, 'spikeWindow')).data ?? SPIKE_DEFAULTS.window,
    spikeFactor: formText(form, 'spikeFactor').trim() || String(SPIKE_DEFAULTS.factor),
    spikeMinCount: formText(form, 'spikeMinCount').trim() || String(SPIKE_DEFAULTS.minCount),
    minSources: formText(form, 'minSources').trim() || '1',
    mutePolicy: mutePolicySchema.safeParse(formText(form, 'mutePolicy')).data ?? 'send',
    enabled: formText(form, 'enabled') === '1',
    mutedUntil: null,
  };
  const input = {
    channelId: formText(form, 'channelId'),
    // Ticked boxes cannot repeat a watch; the schema refuses a list that does, so the form cannot.
    ...(mode !== 'feed-health' && values.scope === 'selected' ? { watchIds: [...new Set(values.watchIds)] } : {}),
    mode: formText(form, 'mode') || undefined,
    mutePolicy: formText(form, 'mutePolicy') || undefined,
    ...(mode === 'feed-health' ? { failingHours: formCount(values.failingHours) } : {}),
    ...(mode === 'spike'
      ? { spikeWindow: values.spikeWindow, spikeFactor: formDecimal(values.spikeFactor), spikeMinCount: formCount(values.spikeMinCount) }
      : {}),
    ...(mode === 'digest' ? { schedule: values.schedule || undefined, timezone: values.timezone || 'UTC' } : {}),
    ...(mode === 'spike' ? {} : { minSources: formCount(values.minSources) }),
    mutedUntil: muteEnd(formText(form, 'mute')),
    enabled: values.enabled,
  };
  const checked = checkForm(ruleCreateSchema, input, {
    channelId: 'Choose a channel.',
    watchIds: (issue) =>
      issue.code === 'too_small'
        ? 'Tick at least one watch, or choose “All watches”.'
        : issue.code === 'too_big'
          ? 'At most 500 watches: choose “All watches” instead.'
          : 'One of the ticked watches no longer exists.',
    mode: 'Choose when the rule alerts.',
    mutePolicy: 'Choose what happens to alerts held while muted.',
    failingHours: 'The failure threshold must be between 1 and 720 hours.',
    spikeWindow: 'Choose the last hour or the last 24 hours.',
    spikeFactor: 'The spike factor must be a number above 1 (e.g. 3 for three times the usual rate).',
    spikeMinCount: 'The fewest matches of a spike must be a whole number from 1.',
    schedule: values.schedule
      ? `“${values.schedule}” is not a cron schedule (minute hour day month weekday, e.g. 0 8 * * *).`
      : 'A digest needs a cron schedule, e.g. 0 8 * * * for every day at 08:00.',
    timezone: `“${values.timezone || 'UTC'}” is not an IANA time zone (e.g. Asia/Seoul).`,
    minSources: 'The number of outlets must be between 1 and 100.',
    mutedUntil: 'Choose how long to mute.',
  });
  return { values, checked };
}

/** The stored form of a rule's watch choice: one watch_id, several rule_watches rows, or all. */
function watchColumns(rule: RuleInput): { watch_id: number | null; several: number[] } {
  if (!rule.watchIds) return { watch_id: null, several: [] };
  return rule.watchIds.length === 1 ? { watch_id: rule.watchIds[0]!, several: [] } : { watch_id: null, several: rule.watchIds };
}

/** The columns of a rule the editor sets in full: a field its mode does not use is cleared. */
function ruleFields(rule: RuleInput) {
  return {
    channel_id: rule.channelId,
    mode: rule.mode,
    schedule: rule.schedule ?? null,
    timezone: rule.timezone ?? null,
    failing_hours: rule.failingHours ?? null,
    ...spikeColumns(rule),
    min_sources: rule.minSources ?? 1,
    mute_policy: rule.mutePolicy ?? 'send',
    enabled: rule.enabled ?? true,
  };
}

/** The end of the mute to store: the chosen one, or `current` when none was chosen. */
const mutedUntil = (rule: RuleInput, current: Date | null): Date | null =>
  rule.mutedUntil === undefined ? current : rule.mutedUntil === null ? null : new Date(rule.mutedUntil);

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

  /** A submitted rule, checked with the API's schema and against the channels and watches that exist. */
  async function checkRule(form: FormBody) {
    const { values, checked } = readRule(form);
    if (!checked.ok) return { values, problem: checked.problem };
    const missing = await findMissingRuleReference(db, checked.data.channelId, checked.data.watchIds ?? []);
    if (missing) return { values, problem: missing.field === 'channelId' ? 'Choose a channel.' : 'One of the ticked watches no longer exists.' };
    return { values, rule: checked.data };
  }

  /** The message for a rule that would only repeat an existing one, or null. */
  async function twinProblem(rule: RuleInput, exceptId?: number): Promise<string | null> {
    const { watch_id, several } = watchColumns(rule);
    const twin = await findTwinRule(db, { ...ruleFields(rule), watch_ids: watch_id !== null ? [watch_id] : several.length ? several : null }, exceptId);
    return twin ? `Rule ${twin.id} already sends these alerts to this channel the same way: edit that one instead.` : null;
  }

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
          spikeWindow: SPIKE_DEFAULTS.window,
          spikeFactor: String(SPIKE_DEFAULTS.factor),
          spikeMinCount: String(SPIKE_DEFAULTS.minCount),
          minSources: '1',
          mutePolicy: 'send',
          enabled: true,
          mutedUntil: null,
        },
        channels.length === 0 ? 'Add a channel first: a rule sends alerts to one.' : null,
      );
    })
    .post('/channels/rules', async (c) => {
      const { values, rule, problem } = await checkRule(await c.req.parseBody({ all: true }));
      if (!rule) return ruleEditor(c, values, problem, 422);
      const twin = await twinProblem(rule);
      if (twin) return ruleEditor(c, values, twin, 409);
      const { watch_id, several } = watchColumns(rule);
      const created = await createRule(db, { ...ruleFields(rule), watch_id, muted_until: mutedUntil(rule, null) });
      if (several.length) await setRuleWatches(db, created.id, several);
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
      const { values, rule, problem } = await checkRule(await c.req.parseBody({ all: true }));
      if (!rule) return ruleEditor(c, { ...values, id, mutedUntil: before.muted_until }, problem, 422);
      const twin = await twinProblem(rule, id);
      if (twin) return ruleEditor(c, { ...values, id, mutedUntil: before.muted_until }, twin, 409);
      const { watch_id, several } = watchColumns(rule);
      await setRuleWatches(db, id, several);
      const after = await updateRule(db, id, { ...ruleFields(rule), watch_id, muted_until: mutedUntil(rule, before.muted_until) });
      if (after) await applyMuteChange(db, before, after);
      return c.redirect('/channels#rules', 303);
    })
    .post('/channels/rules/:id/mute', async (c) => {
      const id = parseId(c.req.param('id'), 'Rule');
      const before = await findRuleById(db, id);
      if (!before) throw notFound('Rule');
      const hours = formText(await c.req.parseBody(), 'hours');
      // Anything but a number of hours from the mute menu ends the mute.
      const end = muteEnd(/^\d{1,3}$/.test(hours) ? hours : '0');
      const after = await updateRule(db, id, { muted_until: end ? new Date(end) : null });
      if (after) await applyMuteChange(db, before, after);
      return c.redirect('/channels#rules', 303);
    })
    .post('/channels/rules/:id/delete', async (c) => {
      if (!(await deleteRule(db, parseId(c.req.param('id'), 'Rule')))) throw notFound('Rule');
      return c.redirect('/channels#rules', 303);
    });
}
