export { createApp } from './app';
export type { AppDeps, AppEnv, FeedPreviewResult, OpmlImportResult, OpmlService } from './env';
export { hashPassword, hashToken, verifyPassword } from './auth/tokens';
export { createMetrics, type Metrics } from './metrics';
export { previewQuery, PREVIEW_TIME_LIMIT_MS, type PreviewOptions, type WatchPreview } from './services/watch-preview';
export type { WebSubEndpoint, WebSubReply } from './routes/websub';
