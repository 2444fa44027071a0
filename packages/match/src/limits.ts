/** Bounds that keep one watch from costing the whole index: checked at compile time. */

/** Longest accepted query source, in UTF-16 units. */
export const MAX_QUERY_LENGTH = 4000;
/** Most words, phrases and exact terms in one query (after hyphen variants). */
export const MAX_QUERY_TERMS = 1000;
/** Deepest nesting of parentheses, NOT and field prefixes. */
export const MAX_QUERY_DEPTH = 40;
/** Largest n in NEAR/n and ONEAR/n. */
export const MAX_NEAR_DISTANCE = 1000;
/**
 * NEARs used as operands of NEARs (`(a NEAR/3 b) NEAR/5 c`, or the chain `a NEAR/3 b NEAR/5 c`)
 * in one query. Each costs a pass over its operands' positions in every story the watch is
 * woken for, so this bounds a query's cost per story at compile time: the costliest query
 * within it takes some 15 ms on a dense 1,000-word story (tests/hostile). Analysts' queries
 * nest one or two.
 */
export const MAX_NESTED_NEARS = 10;
/** Hyphenated words in one term that get closed-up variants (2^n alternatives). */
export const MAX_HYPHEN_VARIANTS = 3;
/** Tokens per field that take part in matching; beyond this a field is cut off. */
export const MAX_FIELD_TOKENS = (1 << 24) - 1024;

/** Bounds checked while a query runs against one story. */

/**
 * Highlighted spans kept per field by explain(), after merging: enough for any reader, and
 * what bounds the spans stored with a match however often a word occurs.
 */
export const MAX_SPANS_PER_FIELD = 500;
/**
 * Work (hit-list elements visited) one query may spend matching and explaining one story.
 * The costliest of thousands of fuzzed queries needs about 220,000 on a 1,000-word story
 * (tests/hostile), so this leaves room for stories some fifty times longer; past it, the
 * query is skipped for that story (a second or two of work at most) and the failure shows.
 */
export const MAX_MATCH_WORK = 10_000_000;
