import { z } from 'zod';
import { deliveryStatusSchema } from './delivery-query';
import { jsonRowId, jsonTimestamp } from './shared';

/** An outbox row and every attempt to send it, as the API answers it. */
export const deliveryJsonSchema = z.object({
  id: jsonRowId,
  ruleId: z.int().nullable(),
  channelId: jsonRowId,
  channelName: z.string().nullable(),
  clusterId: z.int().nullable(),
  idempotencyKey: z.string().meta({ description: 'Sent as webhook-id / X-Newswatch-Delivery: the same on every retry' }),
  status: deliveryStatusSchema,
  attempts: z.int(),
  nextAttemptAt: jsonTimestamp,
  lastError: z.string().nullable(),
  lastStatusCode: z.int().nullable(),
  sentAt: jsonTimestamp.nullable(),
  combinedInto: z.int().nullable().meta({ description: 'status combined: the delivery (one message) that carried this alert during a storm' }),
  createdAt: jsonTimestamp,
  attemptLog: z.array(
    z.object({
      attemptedAt: jsonTimestamp,
      statusCode: z.int().nullable(),
      error: z.string().nullable(),
      durationMs: z.int(),
    }),
  ),
});

/** One delivery on its own: the alert it carries too. */
export const deliveryDetailJsonSchema = deliveryJsonSchema.extend({ payload: z.unknown().meta({ description: 'The alert, as the channel renders it' }) });

export type DeliveryJson = z.input<typeof deliveryJsonSchema>;
