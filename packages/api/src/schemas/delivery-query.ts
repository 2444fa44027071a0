import { z } from 'zod';
import { MAX_ROW_ID } from '../validation';

/** Where a delivery stands in the outbox. */
export const deliveryStatusSchema = z.enum(['pending', 'sending', 'sent', 'failed', 'dead', 'combined']);

/** `GET /deliveries`: the delivery log, newest first, by status; a bad filter is a 400 naming it. */
export const deliveryListQuerySchema = z.object({
  status: deliveryStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,10}$/, 'not a cursor this API returned')
    .transform(Number)
    .refine((id) => id <= MAX_ROW_ID, 'not a cursor this API returned')
    .optional()
    .meta({ description: 'nextCursor of the previous page' }),
});

/** The delivery log page's query: the API's filters, from a link, so a bad one is dropped instead of refused. */
export const deliveryLogQuerySchema = z.object({
  status: deliveryListQuerySchema.shape.status.catch(undefined),
  cursor: deliveryListQuerySchema.shape.cursor.catch(undefined),
});
