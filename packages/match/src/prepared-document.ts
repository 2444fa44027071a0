import { fieldText, FIELD_NAMES, TEXT_FIELDS, type MatchDocument } from './fields';
import { foldedForms } from './fold';
import { MAX_FIELD_TOKENS } from './limits';
import { POSITION_BITS } from './doc-hits';
import { scanText } from './scan-text';
import { TOKEN_SIMPLE, TokenBuffer } from './token-buffer';

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
    const buffer = new TokenBuffer();
    for (let field = 0; field < TEXT_FIELDS.length; field++) {
      const text = this.texts[field]!;
      buffer.count = 0;
      scanText(text, buffer);
      const count = Math.min(buffer.count, MAX_FIELD_TOKENS);
      this.starts.push(buffer.starts.slice(0, count));
      this.ends.push(buffer.ends.slice(0, count));
      const lower = text.toLowerCase();
      const aligned = lower.length === text.length;
      for (let k = 0; k < count; k++) {
        const start = buffer.starts[k]!;
        const end = buffer.ends[k]!;
        const packed = field * (1 << POSITION_BITS) + k;
        if ((buffer.flags[k]! & TOKEN_SIMPLE) !== 0) {
          this.#add(aligned ? lower.slice(start, end) : text.slice(start, end).toLowerCase(), packed);
        } else {
          for (const form of foldedForms(text, start, end)) this.#add(form, packed);
        }
      }
    }
  }

  #add(form: string, packed: number): void {
    if (form === '') return;
    const list = this.forms.get(form);
    if (list) list.push(packed);
    else this.forms.set(form, [packed]);
  }
}
