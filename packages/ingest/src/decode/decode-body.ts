import iconv from 'iconv-lite';
import { charsetFromContentType } from './content-type-charset';
import { normalizeCharset, SINGLE_BYTE_CHARSETS } from './charset-label';
import { decodeWindows1252 } from './windows-1252';
import { sniffBom, sniffUnicodeWithoutBom, sniffXmlDeclaration } from './sniff-encoding';

/** A decoded body, the charset actually used, and what went wrong on the way. */
export interface DecodedBody {
  text: string;
  /** iconv-lite name of the charset used, e.g. "utf-8", "windows-1252". */
  encoding: string;
  /** Where the charset came from. */
  source: 'bom' | 'http' | 'xml-declaration' | 'sniffed' | 'default';
  /** Recoverable problems (unknown or wrong declarations), for the feed's warnings. */
  warnings: string[];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes to text: BOM, then the HTTP charset, then the XML declaration, then UTF-8 if the
 * bytes are valid UTF-8, else windows-1252. ISO-8859-1 and US-ASCII are read as
 * windows-1252 as browsers do (their 0x80–0x9F are really curly quotes and dashes). A
 * single-byte declaration on a body that is valid multi-byte UTF-8 is taken to be a
 * mislabel and read as UTF-8, which is what prevents the "Ã©"/"Â " mojibake.
 */
export function decodeFeedBody(bytes: Buffer, contentType: string | null): DecodedBody {
  const warnings: string[] = [];
  const bom = sniffBom(bytes);
  if (bom) {
    return { text: decodeWith(bytes.subarray(bom.length), bom.encoding), encoding: bom.encoding, source: 'bom', warnings };
  }
  const unicode = sniffUnicodeWithoutBom(bytes);
  if (unicode) return { text: decodeWith(bytes, unicode), encoding: unicode, source: 'sniffed', warnings };

  const candidates: { label: string; source: 'http' | 'xml-declaration' }[] = [];
  const httpCharset = charsetFromContentType(contentType);
  if (httpCharset) candidates.push({ label: httpCharset, source: 'http' });
  const declared = sniffXmlDeclaration(bytes);
  if (declared) candidates.push({ label: declared, source: 'xml-declaration' });

  for (const candidate of candidates) {
    const encoding = normalizeCharset(candidate.label);
    if (!encoding) {
      warnings.push(`unknown charset "${candidate.label}" (${candidate.source === 'http' ? 'HTTP header' : 'XML declaration'}) ignored`);
      continue;
    }
    // UTF-16/32 labels on a body that sniffed as neither are wrong: 8-bit bytes follow.
    if (/^utf-(16|32)/.test(encoding)) {
      warnings.push(`charset "${candidate.label}" does not match the bytes; ignored`);
      continue;
    }
    if (SINGLE_BYTE_CHARSETS.has(encoding) && isMultiByteUtf8(bytes)) {
      warnings.push(`charset "${candidate.label}" declared but the body is UTF-8; decoded as utf-8`);
      return { text: decodeWith(bytes, 'utf-8'), encoding: 'utf-8', source: 'sniffed', warnings };
    }
    if (encoding === 'utf-8' && !isValidUtf8(bytes)) {
      return fallback(bytes, warnings, `not valid UTF-8 although declared "${candidate.label}"`);
    }
    return { text: decodeWith(bytes, encoding), encoding, source: candidate.source, warnings };
  }
  if (isValidUtf8(bytes)) return { text: decodeWith(bytes, 'utf-8'), encoding: 'utf-8', source: 'default', warnings };
  return fallback(bytes, warnings, 'no charset declared and not valid UTF-8');
}

/** {@link decodeFeedBody} for callers that only want the text. */
export function decodeBody(bytes: Buffer, contentType: string | null): string {
  return decodeFeedBody(bytes, contentType).text;
}

/**
 * Invalid UTF-8 is usually a legacy 8-bit body; but a body that also holds valid
 * multi-byte sequences is UTF-8 with a few bad bytes, and decoding all of it as
 * windows-1252 would garble every other character.
 */
function fallback(bytes: Buffer, warnings: string[], why: string): DecodedBody {
  const { valid, invalid } = countUtf8Sequences(bytes);
  if (valid > invalid) {
    warnings.push(`${why}; decoded as utf-8 with invalid bytes replaced`);
    return { text: decodeWith(bytes, 'utf-8'), encoding: 'utf-8', source: 'default', warnings };
  }
  warnings.push(`${why}; decoded as windows-1252`);
  return { text: decodeWith(bytes, 'windows-1252'), encoding: 'windows-1252', source: 'default', warnings };
}

function decodeWith(bytes: Buffer, encoding: string): string {
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  return iconv.decode(bytes, encoding, { stripBOM: true });
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function isMultiByteUtf8(bytes: Buffer): boolean {
  return isValidUtf8(bytes) && countUtf8Sequences(bytes).valid > 0;
}

/** Well-formed multi-byte UTF-8 sequences versus stray high bytes. */
function countUtf8Sequences(bytes: Buffer): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    let ok = length > 0 && i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) ok = ((bytes[i + k] as number) & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += length;
    } else {
      invalid++;
      i++;
    }
  }
  return { valid, invalid };
}
