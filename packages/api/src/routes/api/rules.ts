import { createRule, deleteRule, findChannelById, findRuleById, findWatchById, listRules, updateRule } from '@newswatch/db';
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

const createSchema = z
  .object({
    channelId: idSchema,
    watchId: idSchema.nullable().optional(),
    mode: z.enum(['instant', 'digest']).default('instant'),
    schedule: scheduleSchema.optional(),
    timezone: timezoneSchema.optional(),
    minSources: z.number().int().min(1).max(100).optional(),
    mutedUntil: z.iso.datetime({ offset: true }).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .refine((r) => r.mode !== 'digest' || r.schedule, { message: 'a digest rule needs a schedule', path: ['schedule'] });

const patchSchema = z
  .object({
    watchId: idSchema.nullable(),
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
  const checkRefs = async (channelId: number | undefined, watchId: number | null | undefined) => {
    if (channelId !== undefined && !(await findChannelById(db, channelId))) throw new ApiError(422, 'invalid_request', `channelId: no channel ${channelId}`);
    if (watchId != null && !(await findWatchById(db, watchId))) throw new ApiError(422, 'invalid_request', `watchId: no watch ${watchId}`);
  };
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ items: (await listRules(db)).map(ruleJson) }))
    .post('/', async (c) => {
      const body = await readJson(c, createSchema);
      await checkRefs(body.channelId, body.watchId);
      const rule = await createRule(db, {
        channel_id: body.channelId,
        watch_id: body.watchId ?? null,
        mode: body.mode,
        schedule: body.schedule ?? null,
        timezone: body.timezone ?? (body.mode === 'digest' ? 'UTC' : null),
        muted_until: body.mutedUntil ? new Date(body.mutedUntil) : null,
        min_sources: body.minSources ?? 1,
        enabled: body.enabled ?? true,
      });
      return c.json(ruleJson(rule), 201);
    })
    .get('/:id', async (c) => {
      const rule = await findRuleById(db, parseId(c.req.param('id'), 'Rule'));
      if (!rule) throw notFound('Rule');
      return c.json(ruleJson(rule));
    })
    .patch('/:id', async (c) => {
      const id = parseId(c.req.param('id'), 'Rule');
      const body = await readJson(c, patchSchema);
      await checkRefs(undefined, body.watchId);
      const rule = await updateRule(db, id, {
        ...(body.watchId !== undefined ? { watch_id: body.watchId } : {}),
        ...(body.schedule !== undefined ? { schedule: body.schedule } : {}),
        ...(body.timezone !== undefined ? { timezone: body.timezone } : {}),
        ...(body.minSources !== undefined ? { min_sources: body.minSources } : {}),
        ...(body.mutedUntil !== undefined ? { muted_until: body.mutedUntil ? new Date(body.mutedUntil) : null } : {}),
        ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
      });
      if (!rule) throw notFound('Rule');
      return c.json(ruleJson(rule));
    })
    .delete('/:id', async (c) => {
      if (!(await deleteRule(db, parseId(c.req.param('id'), 'Rule')))) throw notFound('Rule');
      return c.body(null, 204);
    });
}
