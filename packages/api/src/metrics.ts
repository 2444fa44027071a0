import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one process; the roles report into it, /metrics exposes it. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'newswatch_process_' });
  const polls = new Counter({ name: 'newswatch_feed_polls_total', help: 'Feed polls by outcome', labelNames: ['outcome'], registers: [registry] });
  const items = new Counter({ name: 'newswatch_stories_stored_total', help: 'New stories stored', registers: [registry] });
  const matches = new Counter({ name: 'newswatch_stories_matched_total', help: 'New stories that matched at least one watch', registers: [registry] });
  const pollSeconds = new Histogram({
    name: 'newswatch_feed_poll_seconds',
    help: 'Duration of one feed poll',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'newswatch_delivery_attempts_total',
    help: 'Alert delivery attempts by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const deliverySeconds = new Histogram({
    name: 'newswatch_delivery_seconds',
    help: 'Duration of one delivery attempt',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  return {
    observePoll(outcome: { status: string; inserted: number; matched: number; durationMs: number }) {
      polls.inc({ outcome: outcome.status });
      items.inc(outcome.inserted);
      matches.inc(outcome.matched);
      pollSeconds.observe(outcome.durationMs / 1000);
    },
    /** First polls' items placed at the end of a poll cycle: their matches count then. */
    observeBacklogPlaced(placed: { matched: number }) {
      matches.inc(placed.matched);
    },
    observeDelivery(outcome: { ok: boolean; permanent: boolean; durationMs: number }) {
      deliveries.inc({ outcome: outcome.ok ? 'sent' : outcome.permanent ? 'rejected' : 'failed' });
      deliverySeconds.observe(outcome.durationMs / 1000);
    },
    async expose() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
