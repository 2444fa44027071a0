/**
 * The fields of a story that a query can name, and the document shape the matcher reads.
 * Field ids are bit positions so a term's allowed fields are one small integer mask.
 */

/** Every field name a span can carry. `site` matches are reported on `url`. */
export type FieldName = 'title' | 'summary' | 'content' | 'author' | 'source' | 'url' | 'lang';

/** A story as plain text; missing and null fields are treated as empty. */
export interface MatchDocument {
  title?: string | null;
  summary?: string | null;
  content?: string | null;
  author?: string | null;
  /** The feed's title. */
  source?: string | null;
  url?: string | null;
  /** A BCP 47 language tag such as `en`, `en-US`, `zh-Hant`. */
  lang?: string | null;
}

/** Fields whose text is tokenized, in the order their positions are numbered. */
export const TEXT_FIELDS = ['title', 'summary', 'content', 'author', 'source', 'url'] as const;
export type TextFieldName = (typeof TEXT_FIELDS)[number];

export const FIELD_URL = 5;
export const FIELD_LANG = 6;

/** Field names by id; id 6 is `lang`, which is never tokenized. */
export const FIELD_NAMES: readonly FieldName[] = [...TEXT_FIELDS, 'lang'];

/** Where an unqualified term looks: title, summary and content. */
export const DEFAULT_FIELD_MASK = 0b111;

/** The `name:` prefixes a query may use; `site` and `lang` are metadata fields, not text. */
export const QUERY_FIELDS = ['title', 'summary', 'content', 'author', 'source', 'url', 'site', 'lang'] as const;
export type QueryFieldName = (typeof QUERY_FIELDS)[number];

/** Bit mask of a text field, for the fields a term may match in. */
export function fieldMask(field: TextFieldName): number {
  return 1 << TEXT_FIELDS.indexOf(field);
}

/** The text of a field, `''` when absent. */
export function fieldText(doc: MatchDocument, field: FieldName): string {
  const value = doc[field];
  return typeof value === 'string' ? value : '';
}
