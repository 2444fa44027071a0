export { IngestWorker, type CycleSummary, type IngestWorkerOptions } from './scheduler';
export { refreshFeed, type IngestContext, type RefreshOutcome } from './pipeline/refresh-feed';
export { WatchMatcher, type MatchDoc, type WatchHit } from './pipeline/watch-matcher';
export { defaultPollPolicy, type PollPolicy } from './schedule/poll-policy';
