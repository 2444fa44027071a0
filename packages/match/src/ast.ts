/** The fields a term can be limited to; `text` is the default: title + summary + content. */
export type FieldName = 'title' | 'summary' | 'content' | 'author' | 'source' | 'site' | 'url' | 'lang';
export const FIELD_NAMES: readonly FieldName[] = ['title', 'summary', 'content', 'author', 'source', 'site', 'url', 'lang'];
export const DEFAULT_FIELDS: readonly FieldName[] = ['title', 'summary', 'content'];

/** One word of a query, already folded. */
export type WordPattern =
  | { kind: 'word'; norm: string }
  /** `sanction*`: folded prefix. */
  | { kind: 'prefix'; norm: string }
  /** `customi?e`, `wom*n`: folded glob with `*` and `?`. */
  | { kind: 'glob'; norm: string; literalPrefix: string }
  /** `{UN}`: the word exactly as written (NFKC, case kept). */
  | { kind: 'exact'; text: string; norm: string }
  /** A word in a script without spaces: matched as a substring of a story word. */
  | { kind: 'cjk'; norm: string };

export type QueryNode =
  /** A word or a phrase (several words in a row); `fields` null = default fields. */
  | { type: 'terms'; words: WordPattern[]; fields: FieldName[] | null; position: number; source: string }
  /** site:, url: substring, lang: — compared on the raw field, not on words. */
  | { type: 'attribute'; field: 'site' | 'lang'; value: string; position: number }
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode; position: number }
  /** `a NEAR/n b` (either order) and `a ONEAR/n b` (a first): at most n words between. */
  | { type: 'near'; left: QueryNode; right: QueryNode; distance: number; ordered: boolean; position: number };
