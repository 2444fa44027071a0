export { createApp } from './app';
export type { AppDeps, AppEnv, FeedPreviewResult, OpmlImportResult, OpmlService } from './env';
export { hashPassword, hashToken, verifyPassword } from './auth/tokens';
export { createMetrics, type Metrics } from './metrics';
export type { WebSubEndpoint, WebSubReply } from './routes/websub';
