import { findDeliveryById, listDeliveries, listDeliveryAttempts, retryDelivery } from '@newswatch/db';
import { Hono } from 'hono';
import { ApiError, notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { deliveryListQuerySchema } from '../../schemas/delivery-query';
import { deliveryJson } from '../../serialize/json';
import { check, parseId } from '../../validation';

/** `/api/v1/deliveries`: the outbox and delivery log, every attempt included. */
export function deliveryRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const query = check(deliveryListQuerySchema, c.req.query());
      const rows = await listDeliveries(db, {
        ...(query.status ? { status: query.status } : {}),
        ...(query.cursor !== undefined ? { beforeId: query.cursor } : {}),
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const attempts = await listDeliveryAttempts(
        db,
        page.map((d) => d.id),
      );
      return c.json({
        items: page.map((d) =>
          deliveryJson(
            d,
            attempts.filter((a) => a.delivery_id === d.id),
          ),
        ),
        ...(rows.length > query.limit ? { nextCursor: String(page.at(-1)!.id) } : {}),
      });
    })
    .get('/:id', async (c) => {
      const id = parseId(c.req.param('id'), 'Delivery');
      const delivery = await findDeliveryById(db, id);
      if (!delivery) throw notFound('Delivery');
      return c.json({ ...deliveryJson(delivery, await listDeliveryAttempts(db, [id])), payload: delivery.payload });
    })
    .post('/:id/retry', async (c) => {
      const id = parseId(c.req.param('id'), 'Delivery');
      if (!(await findDeliveryById(db, id))) throw notFound('Delivery');
      if (!(await retryDelivery(db, id))) throw new ApiError(409, 'conflict', 'Only failed or dead deliveries can be retried');
      return c.json({ id, status: 'pending' }, 202);
    });
}
