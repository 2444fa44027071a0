/**
 * @newswatch/match — the watch-query language: parse, compile, match, explain; the spans it
 * reports and their highlighting; the mapping from a story to the document a query reads.
 * Pure: no I/O, no dependencies. The language is documented in docs/query-language.md.
 */
export { compileQuery, CompiledQuery } from './compiled-query';
export { QuerySyntaxError } from './errors';
export { MatchBudgetError } from './match-budget';
export { WatchIndex, type WatchDefinition, type WatchError, type WatchHit, type WatchId, type WatchIndexOptions, type WatchIndexStats } from './watch-index';
export { PreparedDocument } from './prepared-document';
export { TimeSlicer } from './time-slicer';
export { fieldText, type FieldName, type MatchDocument } from './fields';
export type { Span } from './span';
export { highlightSegments, type HighlightSegment } from './highlight-segments';
export { matchDocumentOf, type StoryText } from './match-document';
export { DEFAULT_WATCHES, type DefaultWatch } from './default-watches';
export { MAX_MATCH_WORK, MAX_QUERY_LENGTH } from './limits';
