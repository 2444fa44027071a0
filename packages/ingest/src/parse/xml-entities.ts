import { decodeHTMLStrict, replaceCodePoint } from 'entities/decode';
import { FeedParseError } from './feed-parse-error';

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** How much declared-entity text one document may produce, and how deep entities may nest. */
export interface EntityLimits {
  maxExpandedChars: number;
  maxDepth: number;
}

const DEFAULT_LIMITS: EntityLimits = { maxExpandedChars: 1_000_000, maxDepth: 8 };

/**
 * Decodes character and entity references in XML text and attribute values, leniently:
 * the five XML entities, numeric references (with the HTML rules for C1 and invalid code
 * points), entities declared in the DOCTYPE, and then HTML named entities such as
 * `&nbsp;` that real feeds use without declaring. Unknown references stay literal, as do
 * bare ampersands.
 *
 * Declared entities are expanded against a budget shared by the whole document, so a
 * "billion laughs" (nested) or quadratic-blowup (one big entity repeated) document is
 * refused with a {@link FeedParseError} after at most `maxExpandedChars` of work.
 */
export class EntityDecoder {
  private readonly limits: EntityLimits;
  private readonly expanded = new Map<string, string>();
  private produced = 0;

  constructor(
    private readonly declared: Map<string, string> = new Map(),
    limits: Partial<EntityLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** `text` with every reference it can resolve replaced. */
  decode(text: string): string {
    if (!text.includes('&')) return text;
    return text.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z_:][\w.:-]*);/g, (whole, ref: string) => {
      return this.resolve(ref, 0) ?? whole;
    });
  }

  private resolve(ref: string, depth: number): string | null {
    if (ref.startsWith('#')) {
      const hex = ref[1] === 'x' || ref[1] === 'X';
      const code = Number.parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10);
      if (!Number.isFinite(code) || code > 0x10ffff) return null;
      // An invalid code point would become U+FFFD; dropping it loses nothing readable.
      if (code === 0 || (code >= 0xd800 && code <= 0xdfff)) return '';
      return String.fromCodePoint(replaceCodePoint(code));
    }
    const xml = XML_ENTITIES[ref];
    if (xml !== undefined) return xml;
    if (this.declared.has(ref)) return this.expandDeclared(ref, depth);
    const html = decodeHTMLStrict(`&${ref};`);
    return html === `&${ref};` ? null : html;
  }

  private expandDeclared(name: string, depth: number): string {
    if (depth >= this.limits.maxDepth) {
      throw new FeedParseError('entity-expansion', `entity &${name}; nests more than ${this.limits.maxDepth} levels deep (entity expansion attack?)`);
    }
    let value = this.expanded.get(name);
    if (value === undefined) {
      const raw = this.declared.get(name) ?? '';
      value = raw.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z_:][\w.:-]*);/g, (whole, ref: string) => {
        if (ref === name) throw new FeedParseError('entity-expansion', `entity &${name}; refers to itself`);
        const inner = this.resolve(ref, depth + 1) ?? whole;
        this.charge(inner.length);
        return inner;
      });
      this.expanded.set(name, value);
    }
    this.charge(value.length);
    return value;
  }

  private charge(chars: number): void {
    this.produced += chars;
    if (this.produced > this.limits.maxExpandedChars) {
      throw new FeedParseError(
        'entity-expansion',
        `declared entities expand to more than ${this.limits.maxExpandedChars} characters (entity expansion attack?)`,
      );
    }
  }
}
