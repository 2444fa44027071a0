import type { FieldName } from './ast';
import { tokenize, type Token } from './tokenize';

/** A story as the matcher sees it: plain text per field (DESIGN §4). */
export interface MatchDocument {
  title?: string | null;
  summary?: string | null;
  content?: string | null;
  author?: string | null;
  /** The feed's title. */
  source?: string | null;
  url?: string | null;
  lang?: string | null;
}

type WordField = Exclude<FieldName, 'site' | 'lang'>;
const WORD_FIELDS: readonly WordField[] = ['title', 'summary', 'content', 'author', 'source', 'url'];

/**
 * A document tokenized once, with a per-field index from folded word to positions. Every
 * query of a WatchIndex runs against the same PreparedDocument, so a story is read once
 * however many watches there are.
 */
export class PreparedDocument {
  readonly text: Readonly<Record<WordField, string>>;
  readonly host: string | null;
  readonly lang: string | null;
  #tokens = new Map<WordField, Token[]>();
  #vocab = new Map<WordField, Map<string, number[]>>();
  /** Cache of pattern lookups (prefix, glob, substring) for this document. */
  readonly lookups = new Map<string, number[]>();
  /** Occurrences of each distinct term, shared by every watch evaluated on this document. */
  readonly termMemo = new Map<string, unknown>();

  constructor(doc: MatchDocument) {
    this.text = {
      title: doc.title ?? '',
      summary: doc.summary ?? '',
      content: doc.content ?? '',
      author: doc.author ?? '',
      source: doc.source ?? '',
      url: doc.url ?? '',
    };
    this.host = hostOf(doc.url);
    this.lang = doc.lang ? doc.lang.trim().toLowerCase() : null;
  }

  tokens(field: WordField): Token[] {
    let tokens = this.#tokens.get(field);
    if (!tokens) {
      tokens = tokenize(this.text[field]);
      this.#tokens.set(field, tokens);
    }
    return tokens;
  }

  /** Folded word → token indices in `field`. */
  vocabulary(field: WordField): Map<string, number[]> {
    let vocab = this.#vocab.get(field);
    if (!vocab) {
      vocab = buildVocabulary(this.tokens(field));
      this.#vocab.set(field, vocab);
    }
    return vocab;
  }

  #allWords: Set<string> | undefined;

  /** Every distinct folded word of every field: what the index's prefilter looks up. */
  allWords(): Set<string> {
    if (!this.#allWords) {
      this.#allWords = new Set();
      for (const field of WORD_FIELDS) for (const word of this.vocabulary(field).keys()) this.#allWords.add(word);
    }
    return this.#allWords;
  }
}

function buildVocabulary(tokens: Token[]): Map<string, number[]> {
  const vocab = new Map<string, number[]>();
  for (let i = 0; i < tokens.length; i++) {
    const norm = tokens[i]!.norm;
    const list = vocab.get(norm);
    if (list === undefined) vocab.set(norm, [i]);
    else list.push(i);
  }
  return vocab;
}

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

export type { WordField };
