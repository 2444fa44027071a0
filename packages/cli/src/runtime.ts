import { createAlertComposer, createChannelSenders, DigestScheduler, Dispatcher, FeedHealthScheduler, SpikeScheduler } from '@newswatch/alerts';
import { createApp, createMetrics, type Metrics } from '@newswatch/api';
import {
  findChannelById,
  listenForOutbox,
  listWatchesDueForRematch,
  migrateToLatest,
  openDatabase,
  sql,
  type DatabaseHandle,
  type OutboxListener,
} from '@newswatch/db';
import {
  FeedReaderPool,
  HostLimiter,
  IngestWorker,
  OutageDetector,
  WatchMatcher,
  WebSubReceiver,
  WebSubSubscriber,
  writeWaitingTermCounts,
} from '@newswatch/ingest';
import { serve, type ServerType } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import { bootstrap } from './bootstrap';
import { createFeedPreview, createOpmlService } from './feed-services';
import { RematchQueue } from './rematch-queue';
import type { Config } from './config';

/** The roles a process runs; `start` runs all of them. */
export interface Roles {
  ingest: boolean;
  dispatch: boolean;
  serve: boolean;
}

/** A running newswatch process: its database, its roles, and how to stop them cleanly. */
export interface Runtime {
  handle: DatabaseHandle;
  rematch: RematchQueue;
  ingest: IngestWorker | undefined;
  dispatcher: Dispatcher | undefined;
  server: ServerType | undefined;
  /** Where the HTTP server listens, once it does. */
  url: string | undefined;
  stop(): Promise<void>;
}

/** This process's identity in leases: which host and pid hold a feed or a delivery. */
export const workerId = () => `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/** Opens and migrates the database, then runs the first-start setup. */
export async function openAndMigrate(config: Config, logger: Logger): Promise<DatabaseHandle> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrateToLatest(handle.db);
    if (applied.length) logger.info({ migrations: applied }, 'Database migrated');
    await bootstrap(handle.db, config, logger);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Starts the requested roles in this process. */
export async function startRuntime(config: Config, logger: Logger, roles: Roles, options: { once?: boolean } = {}): Promise<Runtime> {
  const handle = await openAndMigrate(config, logger);
  const { db } = handle;
  const owner = workerId();
  const metrics: Metrics = createMetrics();
  const senders = createChannelSenders({
    smtpUrl: config.smtpUrl,
    alertFrom: config.alertFrom,
    publicUrl: config.publicUrl,
    allowPrivateTargets: config.allowPrivateFeeds,
    logger: logger.child({ pkg: 'alerts' }),
  });

  const digests = new DigestScheduler(db, config.publicUrl);
  const feedHealth = new FeedHealthScheduler(db);
  const spikes = new SpikeScheduler(db, config.publicUrl);
  const dispatcher = roles.dispatch
    ? new Dispatcher({
        db,
        owner,
        logger: logger.child({ pkg: 'alerts' }),
        sendDelivery: senders.sendDelivery,
        retryScale: config.retryScale,
        leaseSeconds: config.leaseSeconds ?? 60,
        beforeRun: async () => {
          await digests.enqueueDue();
          await feedHealth.enqueueDue();
          await spikes.enqueueDue();
        },
        onFinished: (_d, outcome) => metrics.observeDelivery(outcome),
      })
    : undefined;
  const ingestLogger = logger.child({ pkg: 'ingest' });
  const alertComposer = createAlertComposer(config.publicUrl);
  const matcher = new WatchMatcher(db, { logger: ingestLogger });
  // Feed documents (polled, previewed, pushed) are read on threads of their own: beside
  // storing, and apart from the process should one stall or fill its heap (FeedReaderPool).
  // A thread starts at the first document, so a process that reads none (dispatch) has none.
  const reader = new FeedReaderPool();
  const ingest = roles.ingest
    ? new IngestWorker(
        {
          db,
          owner,
          matcher,
          logger: ingestLogger,
          alerts: alertComposer,
          fetchOptions: { allowPrivate: config.allowPrivateFeeds },
          hostLimiter: new HostLimiter(),
          outage: new OutageDetector(),
          reader,
          websub: config.publicUrl
            ? new WebSubSubscriber({ db, publicUrl: config.publicUrl, allowPrivate: config.allowPrivateFeeds, logger: ingestLogger })
            : undefined,
        },
        {
          concurrency: config.ingestConcurrency,
          leaseSeconds: config.leaseSeconds ?? 120,
          onPolled: (outcome) => {
            metrics.observePoll(outcome);
            if (outcome.deliveriesEnqueued > 0) dispatcher?.wake();
          },
          onBacklogPlaced: (placed) => {
            metrics.observeBacklogPlaced(placed);
            if (placed.deliveriesEnqueued > 0) dispatcher?.wake();
          },
        },
      )
    : undefined;

  let server: ServerType | undefined;
  let url: string | undefined;
  const rematch = new RematchQueue(db, logger.child({ pkg: 'ingest' }), alertComposer, (_id, result) => {
    if (result.deliveriesEnqueued > 0) dispatcher?.wake();
  });
  if (roles.serve) {
    // The process that takes watch edits re-matches them; one a crash or a stop cut short is owed still.
    const owed = await listWatchesDueForRematch(db);
    if (owed.length > 0) ingestLogger.info({ watches: owed }, 'Re-matching watches created or edited since their last re-match');
    for (const watchId of owed) rematch.enqueue(watchId);
    const app = createApp({
      db,
      logger: logger.child({ pkg: 'api' }),
      publicUrl: config.publicUrl,
      secureCookies: config.publicUrl?.startsWith('https:') ?? false,
      trustedProxies: config.trustProxy,
      onFeedDue: () => ingest?.wake(),
      onWatchChanged: (watchId) => rematch.enqueue(watchId),
      previewFeed: createFeedPreview({ allowPrivate: config.allowPrivateFeeds, reader }),
      opml: createOpmlService(db),
      websub: config.publicUrl
        ? new WebSubReceiver({
            db,
            matcher,
            alerts: alertComposer,
            logger: ingestLogger,
            reader,
            onStored: (_feedId, result) => {
              if (result.deliveriesEnqueued > 0) dispatcher?.wake();
            },
          })
        : undefined,
      testChannel: async (channelId) => {
        const channel = await findChannelById(db, channelId);
        if (!channel) return { ok: false, statusCode: null, error: 'channel not found', durationMs: 0 };
        const outcome = await senders.sendDelivery({
          channel: { id: channel.id, kind: channel.kind, name: channel.name, config: channel.config, secret: channel.secret },
          payload: { type: 'test', channelId: channel.id, message: `Test alert from newswatch to "${channel.name}".` },
          idempotencyKey: `test-${channel.id}-${Date.now()}`,
        });
        return { ok: outcome.ok, statusCode: outcome.statusCode, error: outcome.error, durationMs: outcome.durationMs };
      },
      metrics: () => metrics.expose(),
      ready: async () => {
        try {
          await sql`select 1`.execute(db);
          return true;
        } catch {
          return false;
        }
      },
    });
    await new Promise<void>((resolve, reject) => {
      server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        url = `http://${host}:${info.port}`;
        resolve();
      });
      server.once('error', reject);
    });
    logger.info({ url, public_url: config.publicUrl }, 'HTTP server listening');
  }

  let outboxListener: OutboxListener | undefined;
  if (!options.once) {
    ingest?.start();
    dispatcher?.start();
    // On PostgreSQL the outbox may be filled by other processes: their commits NOTIFY, so this
    // dispatcher starts at once instead of at its next one-second tick.
    if (dispatcher && config.databaseUrl) {
      const alertsLogger = logger.child({ pkg: 'alerts' });
      outboxListener = listenForOutbox(config.databaseUrl, {
        onNotify: () => dispatcher.wake(),
        onError: (error) => alertsLogger.warn({ err: error }, 'Outbox listener lost its connection; reconnecting'),
      });
    }
  }

  let stopping: Promise<void> | undefined;
  return {
    handle,
    rematch,
    ingest,
    dispatcher,
    server,
    get url() {
      return url;
    },
    stop() {
      stopping ??= (async () => {
        if (server) {
          const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
          // Open keep-alive and SSE connections would otherwise hold the process for minutes.
          (server as import('node:http').Server).closeAllConnections?.();
          await closed;
        }
        await outboxListener?.close();
        await Promise.all([ingest?.stop(), dispatcher?.stop(), rematch.stop()]);
        // Clustering's word weights of the last second's stories, which wait for the next write.
        await writeWaitingTermCounts(handle.db).catch((error: unknown) =>
          ingestLogger.warn({ err: error }, 'Term counts could not be written before the database closed; they are lost'),
        );
        await reader.close();
        await senders.close();
        await handle.close();
      })();
      return stopping;
    },
  };
}
