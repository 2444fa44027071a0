import {
  attachRuleWatches,
  createRule,
  deleteRule,
  findRuleById,
  findTwinRule,
  listRules,
  setRuleWatches,
  updateRule,
  type Rule,
  type RuleShape,
} from '@newswatch/db';
import { Hono } from 'hono';
import { ApiError, notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { ruleCreateSchema, rulePatchSchema } from '../../schemas/rule';
import { ruleJson } from '../../serialize/json';
import { applyMuteChange } from '../../services/rule-mute';
import { findMissingRuleReference } from '../../services/rule-references';
import { spikeColumns } from '../../services/rule-spike';
import { parseId, readJson } from '../../validation';

/** `/api/v1/rules`: which watches alert which channel, and how. */
export function ruleRoutes(deps: AppDeps) {
  const { db } = deps;
  const checkRefs = async (channelId: number | undefined, watchIds: (number | null | undefined)[]) => {
    const missing = await findMissingRuleReference(db, channelId, watchIds);
    if (missing) throw new ApiError(422, 'invalid_request', `${missing.field}: no ${missing.field === 'channelId' ? 'channel' : 'watch'} ${missing.id}`);
  };
  const withWatches = async (rule: Rule) => ruleJson((await attachRuleWatches(db, [rule]))[0]!);
  /** An identical rule would send every alert twice: 409 naming the one that exists. */
  const refuseTwin = async (shape: RuleShape, exceptId?: number) => {
    const twin = await findTwinRule(db, shape, exceptId);
    if (twin) throw new ApiError(409, 'conflict', `Rule ${twin.id} already sends these alerts to this channel the same way`, { ruleId: twin.id });
  };
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ items: (await attachRuleWatches(db, await listRules(db))).map(ruleJson) }))
    .post('/', async (c) => {
      const body = await readJson(c, ruleCreateSchema);
      await checkRefs(body.channelId, [body.watchId, ...(body.watchIds ?? [])]);
      const several = body.watchIds && body.watchIds.length > 1;
      const fields = {
        channel_id: body.channelId,
        watch_id: several ? null : (body.watchIds?.[0] ?? body.watchId ?? null),
        mute_policy: body.mutePolicy ?? 'send',
        failing_hours: body.mode === 'feed-health' ? (body.failingHours ?? 24) : null,
        ...spikeColumns(body),
        mode: body.mode,
        schedule: body.schedule ?? null,
        timezone: body.timezone ?? (body.mode === 'digest' ? 'UTC' : null),
        min_sources: body.minSources ?? 1,
      };
      await refuseTwin({ ...fields, watch_ids: several ? body.watchIds! : fields.watch_id === null ? null : [fields.watch_id] });
      const rule = await createRule(db, {
        ...fields,
        muted_until: body.mutedUntil ? new Date(body.mutedUntil) : null,
        enabled: body.enabled ?? true,
      });
      if (several) await setRuleWatches(db, rule.id, body.watchIds!);
      return c.json(await withWatches(rule), 201);
    })
    .get('/:id', async (c) => {
      const rule = await findRuleById(db, parseId(c.req.param('id'), 'Rule'));
      if (!rule) throw notFound('Rule');
      return c.json(await withWatches(rule));
    })
    .patch('/:id', async (c) => {
      const id = parseId(c.req.param('id'), 'Rule');
      const body = await readJson(c, rulePatchSchema);
      await checkRefs(undefined, [body.watchId, ...(body.watchIds ?? [])]);
      const before = await findRuleById(db, id);
      if (!before) throw notFound('Rule');
      const several = body.watchIds && body.watchIds.length > 1;
      const update = {
        ...(body.watchIds ? { watch_id: several ? null : body.watchIds[0]! } : {}),
        ...(body.watchId !== undefined ? { watch_id: body.watchId } : {}),
        ...(body.mutePolicy !== undefined ? { mute_policy: body.mutePolicy } : {}),
        ...(body.failingHours !== undefined ? { failing_hours: body.failingHours } : {}),
        ...(body.spikeWindow !== undefined ? { spike_window: body.spikeWindow } : {}),
        ...(body.spikeFactor !== undefined ? { spike_factor: body.spikeFactor } : {}),
        ...(body.spikeMinCount !== undefined ? { spike_min_count: body.spikeMinCount } : {}),
        ...(body.schedule !== undefined ? { schedule: body.schedule } : {}),
        ...(body.timezone !== undefined ? { timezone: body.timezone } : {}),
        ...(body.minSources !== undefined ? { min_sources: body.minSources } : {}),
        ...(body.mutedUntil !== undefined ? { muted_until: body.mutedUntil ? new Date(body.mutedUntil) : null } : {}),
        ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
      };
      const after = { ...before, ...update };
      // The rule_watches rows after this change; a single-watch rule has none.
      const listed = body.watchIds
        ? several
          ? body.watchIds
          : []
        : before.watch_id === null
          ? ((await attachRuleWatches(db, [before]))[0]!.watch_ids ?? [])
          : [];
      await refuseTwin({ ...after, watch_ids: after.watch_id !== null ? [after.watch_id] : listed.length ? listed : null }, id);
      if (body.watchIds) await setRuleWatches(db, id, several ? body.watchIds : []);
      const rule = await updateRule(db, id, update);
      if (!rule) throw notFound('Rule');
      await applyMuteChange(db, before, rule);
      return c.json(await withWatches(rule));
    })
    .delete('/:id', async (c) => {
      if (!(await deleteRule(db, parseId(c.req.param('id'), 'Rule')))) throw notFound('Rule');
      return c.body(null, 204);
    });
}
