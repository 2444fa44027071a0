import pg from 'pg';
import { OUTBOX_NOTIFY_CHANNEL } from './repositories/deliveries';

/** A LISTEN connection that keeps itself open; `close()` ends it. */
export interface OutboxListener {
  close(): Promise<void>;
}

export interface OutboxListenerOptions {
  /** Called for each notification (one per committed transaction that queued work). */
  onNotify: () => void;
  /** Called when the connection fails; the listener reconnects by itself. */
  onError?: (error: Error) => void;
  /** First reconnect delay; doubles up to 30 s. Default 1 000 ms. */
  retryMs?: number;
}

/**
 * Listens on PostgreSQL for `newswatch_outbox` notifications (see `notifyOutbox`) on one
 * dedicated connection, so a dispatcher in its own process starts within milliseconds of an
 * ingester's commit instead of at its next one-second tick. A lost connection is re-opened
 * with backoff and `onNotify` fires once after each reconnect (work may have arrived while
 * it was down); the tick stays the safety net, so nothing depends on a notification arriving.
 */
export function listenForOutbox(databaseUrl: string, options: OutboxListenerOptions): OutboxListener {
  const baseDelay = options.retryMs ?? 1_000;
  let client: pg.Client | undefined;
  let closed = false;
  let delay = baseDelay;
  let timer: NodeJS.Timeout | undefined;

  const reconnectLater = (error: Error) => {
    options.onError?.(error);
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, 30_000);
  };

  async function connect(): Promise<void> {
    if (closed) return;
    const next = new pg.Client({ connectionString: databaseUrl });
    client = next;
    next.on('notification', (message) => {
      if (message.channel === OUTBOX_NOTIFY_CHANNEL) options.onNotify();
    });
    next.on('end', () => {
      if (client === next) reconnectLater(new Error('the LISTEN connection ended'));
    });
    next.on('error', (error) => {
      void next.end().catch(() => {});
      if (client === next) reconnectLater(error);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
      delay = baseDelay;
      options.onNotify();
    } catch (error) {
      void next.end().catch(() => {});
      if (client === next) reconnectLater(error as Error);
    }
  }

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}
