export { createApp } from './app';
export type { AppDeps, AppEnv } from './env';
export { hashPassword, hashToken, verifyPassword } from './auth/tokens';
export { createMetrics, type Metrics } from './metrics';
export { previewQuery, PREVIEW_TIME_LIMIT_MS, type PreviewOptions, type WatchPreview } from './services/watch-preview';
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
