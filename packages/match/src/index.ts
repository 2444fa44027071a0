/**
 * @newswatch/match — the watch-query language: parse, compile, match, explain.
 * Pure: no I/O, no dependencies. The language is documented in docs/query-language.md.
 */
export { compileQuery, CompiledQuery } from './compiled-query';
export { QuerySyntaxError } from './errors';
export { MatchBudgetError } from './match-budget';
export { WatchIndex, type WatchDefinition, type WatchError, type WatchHit, type WatchId, type WatchIndexOptions, type WatchIndexStats } from './watch-index';
export { PreparedDocument } from './prepared-document';
export { TimeSlicer } from './time-slicer';
export type { FieldName, MatchDocument } from './fields';
export { mergeSpans, type Span } from './span';
export { DEFAULT_WATCHES, type DefaultWatch } from './default-watches';
export { MAX_MATCH_WORK, MAX_QUERY_LENGTH } from './limits';
