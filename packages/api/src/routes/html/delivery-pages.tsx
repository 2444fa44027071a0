import { countDeliveriesByStatus, findChannelById, findDeliveryById, listDeliveries, listDeliveryAttempts, retryDelivery } from '@newswatch/db';
import { DeliveriesPage, DeliveryRow } from '@newswatch/web';
import { Hono } from 'hono';
import { ApiError, notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { deliveryLogQuerySchema } from '../../schemas/delivery-query';
import { parseId } from '../../validation';
import { pageContext } from './page-context';
import { toDeliveryRowView } from './delivery-view';

const PAGE_SIZE = 50;

/** The delivery log page and its retry button. */
export function deliveryPages(deps: AppDeps) {
  const { db } = deps;

  async function rowView(id: number) {
    const delivery = await findDeliveryById(db, id);
    if (!delivery) throw notFound('Delivery');
    const channel = await findChannelById(db, delivery.channel_id);
    return toDeliveryRowView({ ...delivery, channel_name: channel?.name ?? `channel ${delivery.channel_id}` }, await listDeliveryAttempts(db, [id]));
  }

  return new Hono<AppEnv>()
    .get('/deliveries', async (c) => {
      const { status = null, cursor: beforeId } = deliveryLogQuerySchema.parse(c.req.query());
      const rows = await listDeliveries(db, { ...(status ? { status } : {}), ...(beforeId !== undefined ? { beforeId } : {}), limit: PAGE_SIZE + 1 });
      const page = rows.slice(0, PAGE_SIZE);
      const [attempts, counts] = await Promise.all([
        listDeliveryAttempts(
          db,
          page.map((d) => d.id),
        ),
        countDeliveriesByStatus(db),
      ]);
      const older = rows.length > PAGE_SIZE ? new URLSearchParams({ ...(status ? { status } : {}), cursor: String(page.at(-1)!.id) }) : null;
      return c.html(
        <DeliveriesPage
          ctx={pageContext(c)}
          status={status}
          counts={Object.fromEntries(counts)}
          deliveries={page.map((d) =>
            toDeliveryRowView(
              d,
              attempts.filter((a) => a.delivery_id === d.id),
            ),
          )}
          olderUrl={older ? `/deliveries?${older}` : null}
        />,
      );
    })
    .post('/deliveries/:id/retry', async (c) => {
      const id = parseId(c.req.param('id'), 'Delivery');
      if (!(await findDeliveryById(db, id))) throw notFound('Delivery');
      if (!(await retryDelivery(db, id))) throw new ApiError(409, 'conflict', 'Only failed or dead deliveries can be retried');
      if (c.req.header('hx-request')) return c.html(<DeliveryRow delivery={await rowView(id)} csrfToken={pageContext(c).csrfToken} />);
      return c.redirect('/deliveries', 303);
    });
}
