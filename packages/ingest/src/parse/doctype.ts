/** A document with its DOCTYPE removed, and the general entities its internal subset declared. */
export interface StrippedDoctype {
  text: string;
  /** Entity name → replacement text as declared (references inside not yet expanded). */
  entities: Map<string, string>;
}

/**
 * Removes the DOCTYPE (feeds never need validation, and the tokenizer cannot read an
 * internal subset) and collects its internal `<!ENTITY name "value">` declarations.
 * External and parameter entities are ignored: we never fetch anything a document names.
 * Only a DOCTYPE in the prolog counts; "<!DOCTYPE" inside a CDATA section is content.
 */
export function stripDoctype(text: string): StrippedDoctype {
  const entities = new Map<string, string>();
  const start = findPrologDoctype(text);
  if (start < 0) return { text, entities };
  let i = start + '<!DOCTYPE'.length;
  let subset = '';
  let end = text.length;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const close = text.indexOf(ch, i + 1);
      i = close < 0 ? text.length : close;
    } else if (ch === '[') {
      const subsetEnd = findSubsetEnd(text, i + 1);
      subset = text.slice(i + 1, subsetEnd);
      i = subsetEnd;
    } else if (ch === '>') {
      end = i + 1;
      break;
    }
  }
  const declaration = /<!ENTITY\s+([A-Za-z_:][\w.:-]*)\s+("([^"]*)"|'([^']*)')\s*>/g;
  for (const match of subset.matchAll(declaration)) {
    const name = match[1] as string;
    if (!entities.has(name)) entities.set(name, match[3] ?? match[4] ?? '');
  }
  return { text: text.slice(0, start) + text.slice(end), entities };
}

/** Index of `<!DOCTYPE` when only the XML declaration, comments, PIs and space precede it. */
function findPrologDoctype(text: string): number {
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (text.startsWith('<?', i)) {
      const close = text.indexOf('?>', i);
      if (close < 0) return -1;
      i = close + 2;
    } else if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i);
      if (close < 0) return -1;
      i = close + 3;
    } else if (text.slice(i, i + 9).toUpperCase() === '<!DOCTYPE') {
      return i;
    } else {
      return -1;
    }
  }
  return -1;
}

/** The `]` closing an internal subset, skipping quoted literals and comments. */
function findSubsetEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const close = text.indexOf(ch, i + 1);
      if (close < 0) return text.length;
      i = close;
    } else if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i);
      if (close < 0) return text.length;
      i = close + 2;
    } else if (ch === ']') {
      return i;
    }
  }
  return text.length;
}
