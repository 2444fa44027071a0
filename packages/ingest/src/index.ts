export { IngestWorker, INGEST_DEFAULTS, type IngestWorkerOptions } from './scheduler';
export type { CycleSummary } from './schedule/poll-cycle';
export { refreshFeed, type IngestContext, type RefreshOutcome, type RefreshPorts } from './pipeline/refresh-feed';
export { readFeed, type FeedBody, type FeedReading, type ReadFeedOptions } from './pipeline/read-feed';
export type { FeedStore } from './pipeline/feed-store';
export { inThreadFeedReader, type FeedReader } from './reader/feed-reader';
export { FeedReaderPool, READER_POOL_DEFAULTS, type FeedReaderPoolOptions } from './reader/feed-reader-pool';
export { recordFailure, type FailureRecorder, type FeedFailure } from './pipeline/record-failure';
export { storeItems, storeItemsOfFeeds, type StoreJob, type StoreResult } from './pipeline/store-items';
export { StoreBatch, type StoreBatchOptions } from './pipeline/store-batch';
export { placeBacklog } from './pipeline/place-backlog';
export { writeWaitingTermCounts } from './cluster/term-stats-buffer';
export { NotModifiedBatch } from './pipeline/not-modified-batch';
export { WatchMatcher, type WatchHit } from './pipeline/watch-matcher';
export {
  defaultPollPolicy,
  intervalAfterFailure,
  intervalAfterSuccess,
  intervalDuringOutage,
  publishingStats,
  type PollPolicy,
  type PublishingStats,
  type SuccessSignals,
} from './schedule/poll-policy';
export { OutageDetector, type OutageDetectorOptions, type OutageVerdict } from './schedule/outage-detector';
export { WebSubSubscriber, webSubCallbackUrl, type WebSubSubscriberOptions } from './websub/websub-subscriber';
export { WebSubReceiver, type WebSubAnswer, type WebSubReceiverOptions } from './websub/websub-receiver';
export { signHubBody, verifyHubSignature } from './websub/signature';
export { postForm, type PostFormOptions, type PostFormResult } from './fetch/post-form';
export { fetchFeed, DEFAULT_USER_AGENT, FETCH_DEFAULTS } from './fetch/fetch-feed';
export type { FetchResult, FetchOptions } from './fetch/fetch-result';
export { HostLimiter, type HostLimiterOptions } from './fetch/host-limiter';
export { decodeBody, decodeFeedBody, type DecodedBody } from './decode/decode-body';
export { parseFeed, type ParseFeedOptions } from './parse/parse-feed';
export { FeedParseError } from './parse/feed-parse-error';
export type { ParsedFeed, ParsedItem } from './parse/parsed-feed';
export { normalizeItems, type NormalizedItem } from './normalize/normalize-item';
export { canonicalizeUrl } from './normalize/canonical-url';
export { OnlineClusterer, type ClusterableStory, type PlacementReason } from './cluster/online-clusterer';
export { htmlToText } from './parse/html-to-text';
export { rematchWatch, REMATCH_ALERT_WINDOW_MS, REMATCH_DAYS, type RematchResult } from './pipeline/rematch-watch';
export { parseOpml } from './opml/parse-opml';
export { serializeOpml, type OpmlExport, type OpmlExportOutline } from './opml/serialize-opml';
export { importOpmlFeeds, type OpmlImportOptions, type OpmlImportSummary } from './opml/import-opml';
export { exportOpml } from './opml/export-opml';
export { checkFeedUrl } from './opml/feed-url';
export { OpmlError, type OpmlErrorCode } from './opml/opml-error';
export type { OpmlDocument, OpmlOutline } from './opml/opml-document';
