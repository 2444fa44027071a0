import { DocHits } from './doc-hits';
import { fieldText, FIELD_NAMES, TEXT_FIELDS, type MatchDocument } from './fields';
import { foldedForms } from './fold';
import { MAX_FIELD_TOKENS } from './limits';
import { analyzeMetaFields } from './meta-fields';
import type { PreparedDocument } from './prepared-document';
import { scanText } from './scan-text';
import type { LeafVisitor, TermDictionary } from './term-dictionary';
import { TOKEN_SIMPLE, TokenBuffer } from './token-buffer';

/**
 * Turns a story into per-leaf hits for one term dictionary. Owns the reusable buffers, so
 * one analyzer serves a whole stream of stories (not reentrant: matching is synchronous).
 */
export class DocumentAnalyzer {
  readonly hits: DocHits;
  readonly #buffers = TEXT_FIELDS.map(() => new TokenBuffer());
  readonly #bulk: BulkVisitor;

  constructor(private readonly dict: TermDictionary) {
    this.hits = new DocHits(dict);
    this.#bulk = new BulkVisitor(this.hits);
  }

  /**
   * One pass over each needed field of a plain story, then each token resolved against the
   * dictionary. Fields outside `fieldMask` (no query looks there) are not read at all.
   */
  analyze(doc: MatchDocument, fieldMask: number): DocHits {
    const hits = this.hits;
    hits.reset();
    for (let field = 0; field < FIELD_NAMES.length; field++) hits.texts[field] = fieldText(doc, FIELD_NAMES[field]!);
    for (let field = 0; field < TEXT_FIELDS.length; field++) {
      const buffer = this.#buffers[field]!;
      buffer.count = 0;
      const text = hits.texts[field]!;
      if ((fieldMask & (1 << field)) !== 0 && text !== '') scanText(text, buffer);
      hits.starts[field] = buffer.starts;
      hits.ends[field] = buffer.ends;
      if (buffer.count > 0) this.#lookupTokens(field, text, buffer);
    }
    analyzeMetaFields(hits.texts, this.dict, hits);
    hits.finish();
    return hits;
  }

  /** A prepared story: each of its distinct spellings is looked up once. */
  analyzePrepared(prepared: PreparedDocument): DocHits {
    const hits = this.hits;
    hits.reset();
    for (let field = 0; field < FIELD_NAMES.length; field++) hits.texts[field] = prepared.texts[field]!;
    for (let field = 0; field < TEXT_FIELDS.length; field++) {
      hits.starts[field] = prepared.starts[field]!;
      hits.ends[field] = prepared.ends[field]!;
    }
    for (const [form, packed] of prepared.forms) {
      this.#bulk.packed = packed;
      this.dict.lookup(form, this.#bulk);
    }
    analyzeMetaFields(hits.texts, this.dict, hits);
    hits.finish();
    return hits;
  }

  #lookupTokens(field: number, text: string, buffer: TokenBuffer): void {
    const dict = this.dict;
    const hits = this.hits;
    const { starts, ends, flags, hashes } = buffer;
    const count = Math.min(buffer.count, MAX_FIELD_TOKENS);
    for (let k = 0; k < count; k++) {
      hits.setToken(field, k);
      const start = starts[k]!;
      const end = ends[k]!;
      if ((flags[k]! & TOKEN_SIMPLE) !== 0) dict.lookupSimple(text, start, end, hashes[k]!, hits);
      else for (const form of foldedForms(text, start, end)) dict.lookup(form, hits);
    }
  }
}

class BulkVisitor implements LeafVisitor {
  packed: readonly number[] = [];
  constructor(private readonly hits: DocHits) {}
  leaf(id: number): void {
    this.hits.addOccurrences(id, this.packed);
  }
}
