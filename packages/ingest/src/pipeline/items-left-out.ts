import type { Logger } from 'pino';
import type { FeedReading } from './read-feed';

/**
 * Logs a feed that holds more items than one reading keeps (`MAX_ITEMS_READ`, the newest),
 * polled or pushed alike: its older items are never stored, and an operator should see why.
 */
export function reportItemsLeftOut(logger: Logger, feedId: number, reading: FeedReading): void {
  if (reading.itemCount <= reading.items.length) return;
  logger.warn({ feed_id: feedId, items: reading.itemCount, kept: reading.items.length }, 'Feed holds more items than one reading keeps; the newest are kept');
}
