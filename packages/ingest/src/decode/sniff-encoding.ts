/** A byte-order mark found at the start of a body. */
export interface Bom {
  encoding: string;
  length: number;
}

/** The encoding a byte-order mark announces (UTF-32 checked before UTF-16: FF FE 00 00). */
export function sniffBom(bytes: Buffer): Bom | null {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return { encoding: 'utf-32le', length: 4 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', length: 2 };
  return null;
}

/**
 * UTF-16/32 without a BOM, from the zero bytes around the first ASCII character
 * (XML 1.0 Appendix F): a document starts with `<` or whitespace, never with NUL.
 */
export function sniffUnicodeWithoutBom(bytes: Buffer): string | null {
  if (bytes.length < 4) return null;
  const zero = [0, 1, 2, 3].map((i) => bytes[i] === 0x00);
  if (zero[0] && zero[1] && zero[2] && !zero[3]) return 'utf-32be';
  if (!zero[0] && zero[1] && zero[2] && zero[3]) return 'utf-32le';
  if (zero[0] && !zero[1] && zero[2] && !zero[3]) return 'utf-16be';
  if (!zero[0] && zero[1] && !zero[2] && zero[3]) return 'utf-16le';
  return null;
}

/** The `encoding` pseudo-attribute of an XML declaration in an ASCII-compatible body. */
export function sniffXmlDeclaration(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 1024).toString('latin1');
  const match = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return match?.[1] ?? null;
}
