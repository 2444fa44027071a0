import { fieldText, FIELD_NAMES, TEXT_FIELDS, type MatchDocument } from './fields';
import { foldedForms } from './fold';
import { MAX_FIELD_TOKENS } from './limits';
import { POSITION_BITS } from './doc-hits';
import { scanText, type TokenSink } from './scan-text';

/**
 * A story tokenized once, to be matched against many queries one by one (re-matching an
 * edited watch over the archive, previewing a query): every query then looks up its terms
 * among the story's distinct words instead of reading the text again.
 */
export class PreparedDocument {
  /** The field texts, by field id (title, summary, content, author, source, url, lang). */
  readonly texts: readonly string[];
  /** @internal Token start offsets per text field. */
  readonly starts: Int32Array[] = [];
  /** @internal Token end offsets per text field. */
  readonly ends: Int32Array[] = [];
  /** @internal Each distinct folded spelling → its packed occurrences, in text order. */
  readonly forms = new Map<string, number[]>();

  constructor(doc: MatchDocument) {
    this.texts = FIELD_NAMES.map((name) => fieldText(doc, name));
    for (let field = 0; field < TEXT_FIELDS.length; field++) {
      const collector = new FormCollector(field, this.texts[field]!, this.forms);
      scanText(collector.text, collector);
      this.starts.push(Int32Array.from(collector.starts));
      this.ends.push(Int32Array.from(collector.ends));
    }
  }
}

class FormCollector implements TokenSink {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly #lower: string;
  readonly #aligned: boolean;

  constructor(
    private readonly field: number,
    readonly text: string,
    private readonly forms: Map<string, number[]>,
  ) {
    this.#lower = text.toLowerCase();
    this.#aligned = this.#lower.length === text.length;
  }

  token(start: number, end: number, simple: boolean): void {
    const position = this.starts.length;
    if (position >= MAX_FIELD_TOKENS) return;
    this.starts.push(start);
    this.ends.push(end);
    const packed = this.field * (1 << POSITION_BITS) + position;
    if (simple) {
      this.#add(this.#aligned ? this.#lower.slice(start, end) : this.text.slice(start, end).toLowerCase(), packed);
    } else {
      for (const form of foldedForms(this.text, start, end)) this.#add(form, packed);
    }
  }

  #add(form: string, packed: number): void {
    if (form === '') return;
    const list = this.forms.get(form);
    if (list) list.push(packed);
    else this.forms.set(form, [packed]);
  }
}
