export { compileQuery, CompiledQuery } from './compile-query';
export { QuerySyntaxError } from './query-syntax-error';
export { WatchIndex, type WatchHit, type WatchId } from './watch-index';
export { PreparedDocument, type MatchDocument } from './document';
export type { Span } from './evaluate';
export { mergeSpans } from './spans';
export { DEFAULT_WATCHES } from './default-watches';
export { MAX_QUERY_LENGTH } from './parser';
export { foldText } from './fold';
