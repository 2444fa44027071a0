import {
  attachRuleWatches,
  createRule,
  deleteRule,
  dropHeldDeliveries,
  findChannelById,
  findRuleById,
  findTwinRule,
  findWatchById,
  listRules,
  releaseHeldDeliveries,
  setRuleWatches,
  updateRule,
  type Rule,
  type RuleShape,
} from '@newswatch/db';
import { CronExpressionParser } from 'cron-parser';
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError, notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { ruleJson } from '../../serialize/json';
import { idSchema, parseId, readJson } from '../../validation';

const timezoneSchema = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Seoul');

const scheduleSchema = z.string().refine((expr) => {
  try {
    CronExpressionParser.parse(expr);
    return true;
  } catch {
    return false;
  }
}, 'must be a cron expression such as "0 8 * * *"');

/* A watch listed twice is a mistake in the request, not a wish for two alerts. */
const watchIdsSchema = z
  .array(idSchema)
  .min(1)
  .max(500)
  .refine((ids) => new Set(ids).size === ids.length, 'lists a watch more than once');

const createSchema = z
  .object({
    channelId: idSchema,
    watchId: idSchema.nullable().optional(),
    /** Several watches (instead of one watchId, or null for all). */
    watchIds: watchIdsSchema.optional(),
    mode: z.enum(['instant', 'digest', 'feed-health']).default('instant'),
    mutePolicy: z.enum(['send', 'drop']).optional(),
    failingHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .optional(),
    schedule: scheduleSchema.optional(),
    timezone: timezoneSchema.optional(),
    minSources: z.number().int().min(1).max(100).optional(),
    mutedUntil: z.iso.datetime({ offset: true }).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .refine((r) => r.mode !== 'digest' || r.schedule, { message: 'a digest rule needs a schedule', path: ['schedule'] })
  .refine((r) => !(r.watchIds && r.watchId != null), { message: 'give watchId or watchIds, not both', path: ['watchIds'] });

const patchSchema = z
  .object({
    watchId: idSchema.nullable(),
    watchIds: watchIdsSchema,
    mutePolicy: z.enum(['send', 'drop']),
    failingHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30),
    schedule: scheduleSchema.nullable(),
    timezone: timezoneSchema.nullable(),
    minSources: z.number().int().min(1).max(100),
    mutedUntil: z.iso.datetime({ offset: true }).nullable(),
    enabled: z.boolean(),
  })
  .partial();

/** `/api/v1/rules`: which watches alert which channel, and how. */
export function ruleRoutes(deps: AppDeps) {
  const { db } = deps;
  const checkRefs = async (channelId: number | undefined, watchIds: (number | null | undefined)[]) => {
    if (channelId !== undefined && !(await findChannelById(db, channelId))) throw new ApiError(422, 'invalid_request', `channelId: no channel ${channelId}`);
    for (const watchId of watchIds) {
      if (watchId != null && !(await findWatchById(db, watchId))) throw new ApiError(422, 'invalid_request', `watchId: no watch ${watchId}`);
    }
  };
  const withWatches = async (rule: Rule) => ruleJson((await attachRuleWatches(db, [rule]))[0]!);
  /** An identical rule would send every alert twice: 409 naming the one that exists. */
  const refuseTwin = async (shape: RuleShape, exceptId?: number) => {
    const twin = await findTwinRule(db, shape, exceptId);
    if (twin) throw new ApiError(409, 'conflict', `Rule ${twin.id} already sends these alerts to this channel the same way`, { ruleId: twin.id });
  };
  /** Ending a mute early applies the rule's mute policy to the alerts it held. */
  const applyUnmute = async (before: Rule, after: Rule) => {
    const wasMuted = before.muted_until !== null && before.muted_until > new Date();
    const stillMuted = after.muted_until !== null && after.muted_until > new Date();
    if (!wasMuted || stillMuted) return;
    if (after.mute_policy === 'drop') await dropHeldDeliveries(db, after.id, new Date());
    else await releaseHeldDeliveries(db, after.id);
  };
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ items: (await attachRuleWatches(db, await listRules(db))).map(ruleJson) }))
    .post('/', async (c) => {
      const body = await readJson(c, createSchema);
      await checkRefs(body.channelId, [body.watchId, ...(body.watchIds ?? [])]);
      const several = body.watchIds && body.watchIds.length > 1;
      const fields = {
        channel_id: body.channelId,
        watch_id: several ? null : (body.watchIds?.[0] ?? body.watchId ?? null),
        mute_policy: body.mutePolicy ?? 'send',
        failing_hours: body.mode === 'feed-health' ? (body.failingHours ?? 24) : null,
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
      const body = await readJson(c, patchSchema);
      await checkRefs(undefined, [body.watchId, ...(body.watchIds ?? [])]);
      const before = await findRuleById(db, id);
      if (!before) throw notFound('Rule');
      const several = body.watchIds && body.watchIds.length > 1;
      const update = {
        ...(body.watchIds ? { watch_id: several ? null : body.watchIds[0]! } : {}),
        ...(body.watchId !== undefined ? { watch_id: body.watchId } : {}),
        ...(body.mutePolicy !== undefined ? { mute_policy: body.mutePolicy } : {}),
        ...(body.failingHours !== undefined ? { failing_hours: body.failingHours } : {}),
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
      await applyUnmute(before, rule);
      return c.json(await withWatches(rule));
    })
    .delete('/:id', async (c) => {
      if (!(await deleteRule(db, parseId(c.req.param('id'), 'Rule')))) throw notFound('Rule');
      return c.body(null, 204);
    });
}
