export { createApp } from './app';
export type { AppDeps, AppEnv } from './env';
export { hashPassword, hashToken, verifyPassword } from './auth/tokens';
export { createMetrics, type Metrics } from './metrics';
export type {
  ChannelTester,
  ChannelTestOutcome,
  FeedPreviewer,
  FeedPreviewResult,
  FeedWaker,
  MetricsExposition,
  OpmlImportResult,
  OpmlService,
  ReadinessProbe,
  WatchRematcher,
  WebSubEndpoint,
  WebSubReply,
} from './ports';
