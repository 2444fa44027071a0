import { DocHits } from './doc-hits';
import { fieldText, FIELD_NAMES, TEXT_FIELDS, type MatchDocument } from './fields';
import { foldedForms } from './fold';
import { MAX_FIELD_TOKENS } from './limits';
import { analyzeMetaFields } from './meta-fields';
import type { PreparedDocument } from './prepared-document';
import { scanText, type TokenSink } from './scan-text';
import type { LeafVisitor, TermDictionary } from './term-dictionary';

/**
 * Turns a story into per-leaf hits for one term dictionary. Owns the reusable buffers, so
 * one analyzer serves a whole stream of stories (not reentrant: matching is synchronous).
 */
export class DocumentAnalyzer {
  readonly hits: DocHits;
  readonly #scanner: FieldScanner;
  readonly #bulk: BulkVisitor;

  constructor(private readonly dict: TermDictionary) {
    this.hits = new DocHits(dict);
    this.#scanner = new FieldScanner(dict, this.hits);
    this.#bulk = new BulkVisitor(this.hits);
  }

  /**
   * One pass over each needed field of a plain story, each token resolved against the
   * dictionary as it is scanned. Fields outside `fieldMask` (no query looks there) are not
   * read at all.
   */
  analyze(doc: MatchDocument, fieldMask: number): DocHits {
    const hits = this.hits;
    hits.reset();
    for (let field = 0; field < FIELD_NAMES.length; field++) hits.texts[field] = fieldText(doc, FIELD_NAMES[field]!);
    for (let field = 0; field < TEXT_FIELDS.length; field++) {
      const text = hits.texts[field]!;
      if ((fieldMask & (1 << field)) === 0 || text === '') {
        this.#scanner.skip(field);
        continue;
      }
      this.#scanner.begin(field, text);
      scanText(text, this.#scanner);
    }
    analyzeMetaFields(hits.texts, this.dict, hits);
    return hits;
  }

  /** A prepared story: each of its distinct spellings is looked up once. */
  analyzePrepared(prepared: PreparedDocument): DocHits {
    const hits = this.hits;
    hits.reset();
    hits.texts = [...prepared.texts];
    hits.starts = prepared.starts;
    hits.ends = prepared.ends;
    for (const [form, packed] of prepared.forms) {
      this.#bulk.packed = packed;
      this.dict.lookup(form, this.#bulk);
    }
    hits.finish();
    analyzeMetaFields(hits.texts, this.dict, hits);
    return hits;
  }
}

class BulkVisitor implements LeafVisitor {
  packed: readonly number[] = [];
  constructor(private readonly hits: DocHits) {}
  leaf(id: number): void {
    this.hits.addOccurrences(id, this.packed);
  }
}

/** Token offsets are kept in buffers owned by the scanner, reused from story to story. */
class FieldScanner implements TokenSink {
  #starts: Int32Array[] = [];
  #ends: Int32Array[] = [];
  #field = 0;
  #text = '';
  #lower = '';
  #aligned = true;
  #position = 0;

  constructor(
    private readonly dict: TermDictionary,
    private readonly hits: DocHits,
  ) {
    for (let f = 0; f < TEXT_FIELDS.length; f++) {
      this.#starts.push(new Int32Array(64));
      this.#ends.push(new Int32Array(64));
    }
    hits.starts = this.#starts;
    hits.ends = this.#ends;
  }

  skip(field: number): void {
    this.hits.starts[field] = this.#starts[field]!;
    this.hits.ends[field] = this.#ends[field]!;
  }

  begin(field: number, text: string): void {
    this.#field = field;
    this.#text = text;
    this.#lower = text.toLowerCase();
    // Lower-casing keeps every offset unless the text has a character (only U+0130) whose
    // lower case is longer; then simple tokens are lower-cased one by one.
    this.#aligned = this.#lower.length === text.length;
    this.#position = 0;
    this.skip(field);
  }

  token(start: number, end: number, simple: boolean): void {
    const position = this.#position;
    if (position >= MAX_FIELD_TOKENS) return;
    this.#position = position + 1;
    const field = this.#field;
    let starts = this.#starts[field]!;
    if (position >= starts.length) {
      starts = grow(starts);
      this.#starts[field] = starts;
      this.hits.starts[field] = starts;
      const ends = grow(this.#ends[field]!);
      this.#ends[field] = ends;
      this.hits.ends[field] = ends;
    }
    starts[position] = start;
    this.#ends[field]![position] = end;
    this.hits.setToken(field, position, this.#text, start, end);
    if (simple) {
      if (this.#aligned) this.dict.lookupSlice(this.#lower, start, end, this.hits);
      else this.dict.lookup(this.#text.slice(start, end).toLowerCase(), this.hits);
    } else {
      for (const form of foldedForms(this.#text, start, end)) this.dict.lookup(form, this.hits);
    }
  }
}

function grow(buffer: Int32Array): Int32Array {
  const next = new Int32Array(buffer.length * 2);
  next.set(buffer);
  return next;
}

