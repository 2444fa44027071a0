/*
 * What windows-1252 puts at 0x80–0x9F. The five bytes it leaves undefined (0x81, 0x8D,
 * 0x8F, 0x90, 0x9D) map to the same C1 code point, as in the WHATWG Encoding Standard;
 * iconv-lite would turn them into U+FFFD.
 */
const C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** The windows-1252 character for a code unit in U+0080–U+009F (Latin-1's C1 range). */
export function windows1252ForC1(code: number): string {
  return C1[code - 0x80] ?? String.fromCharCode(code);
}

/** Bytes decoded as windows-1252 (also the right reading of ISO-8859-1 and US-ASCII labels). */
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (ch) => windows1252ForC1(ch.charCodeAt(0)));
}

const REVERSE_C1 = new Map([...C1].map((ch, i) => [ch, 0x80 + i]));

/**
 * Text back to the windows-1252 bytes it was decoded from, or null if a character has
 * no windows-1252 byte. The inverse of {@link decodeWindows1252}, used to undo mojibake.
 */
export function encodeWindows1252(text: string): Uint8Array | null {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const code = ch.charCodeAt(0);
    const byte = REVERSE_C1.get(ch) ?? (code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : undefined);
    if (byte === undefined) return null;
    bytes[i] = byte;
  }
  return bytes;
}
