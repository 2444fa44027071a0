import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { idSchema } from '../validation';
import { jsonRowId, jsonTimestamp } from './shared';

/* True when `tz` names an IANA time zone this runtime knows. */
function isTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const timezone = z
  .string()
  .refine(isTimezone, 'must be an IANA time zone such as Asia/Seoul')
  .meta({ description: 'IANA zone of the schedule, e.g. Asia/Seoul' });

const schedule = z
  .string()
  .refine((expr) => {
    try {
      CronExpressionParser.parse(expr);
      return true;
    } catch {
      return false;
    }
  }, 'must be a cron expression such as "0 8 * * *"')
  .meta({ description: 'Cron expression of a digest, e.g. "0 8 * * *"' });

/* A watch listed twice is a mistake in the request, not a wish for two alerts. */
const watchIds = z
  .array(idSchema)
  .min(1)
  .max(500)
  .refine((ids) => new Set(ids).size === ids.length, 'lists a watch more than once')
  .meta({ description: 'Several watches (instead of one watchId, or null for all)' });

/** How a rule alerts: at once, in a digest on a schedule, when a feed keeps failing, or when a watch spikes. */
export const ruleModeSchema = z.enum(['instant', 'digest', 'feed-health', 'spike']);
/** What a rule does with the alerts it held while muted. */
export const mutePolicySchema = z.enum(['send', 'drop']).meta({ description: 'What happens to alerts held while muted when the mute ends' });
const failingHours = z
  .int()
  .min(1)
  .max(24 * 30)
  .meta({ description: 'feed-health rules: notify once a feed has failed this long' });
/** A spike rule's window: matches in the last hour, or in the last 24 hours. */
export const spikeWindowSchema = z
  .enum(['hour', 'day'])
  .meta({ description: 'spike rules: count matches in the last hour or the last 24 hours (default hour)' });
const spikeFactor = z.number().gt(1).max(1000).meta({ description: 'spike rules: a spike is more than this many times the usual rate (default 3)' });
const spikeMinCount = z.int().min(1).max(100_000).meta({ description: 'spike rules: the fewest matches in the window that are a spike (default 5)' });
const minSources = z.int().min(1).max(100).meta({ description: 'Alert only once a story is carried by this many outlets' });
const mutedUntil = z.iso.datetime({ offset: true });

/** `POST /rules` and the rule editor: which watches alert which channel, and how. */
export const ruleCreateSchema = z
  .object({
    channelId: idSchema,
    watchId: idSchema.nullable().optional().meta({ description: 'One watch; null or absent: all watches' }),
    watchIds: watchIds.optional(),
    mode: ruleModeSchema.default('instant'),
    mutePolicy: mutePolicySchema.optional(),
    failingHours: failingHours.optional(),
    spikeWindow: spikeWindowSchema.optional(),
    spikeFactor: spikeFactor.optional(),
    spikeMinCount: spikeMinCount.optional(),
    schedule: schedule.optional(),
    timezone: timezone.optional(),
    minSources: minSources.optional(),
    mutedUntil: mutedUntil.nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .refine((r) => r.mode !== 'digest' || r.schedule, { message: 'a digest rule needs a schedule', path: ['schedule'] })
  .refine((r) => !(r.watchIds && r.watchId != null), { message: 'give watchId or watchIds, not both', path: ['watchIds'] });

/** `PATCH /rules/:id`: any of the fields but the channel and the mode (a spike rule's options included). */
export const rulePatchSchema = z
  .object({
    watchId: idSchema.nullable(),
    watchIds,
    mutePolicy: mutePolicySchema,
    failingHours,
    spikeWindow: spikeWindowSchema,
    spikeFactor,
    spikeMinCount,
    schedule: schedule.nullable(),
    timezone: timezone.nullable(),
    minSources,
    mutedUntil: mutedUntil.nullable(),
    enabled: z.boolean(),
  })
  .partial();

/** A rule, as the API answers it. */
export const ruleJsonSchema = z.object({
  id: jsonRowId,
  channelId: jsonRowId,
  watchId: z.int().nullable().meta({ description: 'The one watch of the rule; null for all watches or several (see watchIds)' }),
  watchIds: z.array(z.int()).nullable().meta({ description: 'Every watch the rule covers; null = all watches. Write watchIds for several.' }),
  mode: ruleModeSchema,
  mutePolicy: mutePolicySchema,
  failingHours: failingHours.nullable(),
  spikeWindow: spikeWindowSchema.nullable(),
  spikeFactor: spikeFactor.nullable(),
  spikeMinCount: spikeMinCount.nullable(),
  schedule: z.string().nullable(),
  timezone: z.string().nullable(),
  mutedUntil: jsonTimestamp.nullable(),
  minSources,
  enabled: z.boolean(),
  createdAt: jsonTimestamp,
});

export type RuleJson = z.input<typeof ruleJsonSchema>;
