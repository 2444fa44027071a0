import iconv from 'iconv-lite';

/*
 * Labels mapped the way browsers (WHATWG Encoding) map them: Latin-1 and ASCII labels
 * mean windows-1252, GB2312/GBK mean GB18030, EUC-KR means its superset CP949.
 */
const ALIASES: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252',
  'iso-ir-100': 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  cp819: 'windows-1252',
  ibm819: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'ansi_x3.4-1968': 'windows-1252',
  cp1252: 'windows-1252',
  'x-cp1252': 'windows-1252',
  'iso-8859-9': 'windows-1254',
  latin5: 'windows-1254',
  'iso-8859-11': 'windows-874',
  'tis-620': 'windows-874',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  cp936: 'gb18030',
  'euc-kr': 'cp949',
  'ks_c_5601-1987': 'cp949',
  'windows-949': 'cp949',
  'x-sjis': 'shift_jis',
  sjis: 'shift_jis',
  'windows-31j': 'cp932',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'x-mac-roman': 'macintosh',
};

/** Charsets where every byte is one character: candidates for the UTF-8 mislabel check. */
export const SINGLE_BYTE_CHARSETS = new Set([
  'windows-1250',
  'windows-1251',
  'windows-1252',
  'windows-1253',
  'windows-1254',
  'windows-1255',
  'windows-1256',
  'windows-1257',
  'windows-1258',
  'windows-874',
  'iso-8859-2',
  'iso-8859-3',
  'iso-8859-4',
  'iso-8859-5',
  'iso-8859-6',
  'iso-8859-7',
  'iso-8859-8',
  'iso-8859-10',
  'iso-8859-13',
  'iso-8859-14',
  'iso-8859-15',
  'iso-8859-16',
  'koi8-r',
  'koi8-u',
  'macintosh',
]);

/** A charset label as iconv-lite should decode it, or null when iconv-lite has no such charset. */
export function normalizeCharset(label: string): string | null {
  const lower = label.trim().toLowerCase();
  const name = ALIASES[lower] ?? lower;
  return iconv.encodingExists(name) ? name : null;
}
