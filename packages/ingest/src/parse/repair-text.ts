import { decodeWindows1252, encodeWindows1252, windows1252ForC1 } from '../decode/windows-1252';

/* The windows-1252 characters for bytes 0x80–0xBF, i.e. UTF-8 continuation bytes as they
   look after a wrong windows-1252/Latin-1 decode. */
const CONTINUATION = decodeWindows1252(Uint8Array.from({ length: 0x40 }, (_, i) => 0x80 + i));
const CONTINUATION_CLASS = `[${CONTINUATION.replace(/[\]\\^-]/g, '\\$&')}\\u0080-\\u009f]`;

/*
 * The mojibake we repair: Â/Ã + one continuation (Latin-1 letters, NBSP: "Ã©", "Â ") and
 * â + two continuations (curly quotes, dashes, ellipsis: "â€™", "â€¦"). Other lead
 * characters (Ä, É, ß, …) legitimately precede “ or … in real text, so they are left alone.
 */
const MOJIBAKE = new RegExp(`[\\u00c2\\u00c3]${CONTINUATION_CLASS}|\\u00e2${CONTINUATION_CLASS}{2}`, 'g');
const C1_CONTROLS = /[\u0080-\u009f]/g;
/* A no-break space whose second byte was lost on the way (copied text, a trimmed line): the
   "Â" is dropped after a non-letter and before a space, a tag or the end, where no language
   writes a lone Â. */
const ORPHANED_NBSP_LEAD = /(?<!\p{L})\u00c2(?=[\s<]|$)/gmu;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Undoes the two encoding accidents feeds carry inside otherwise correct text: C1 control
 * characters that are really windows-1252 punctuation (U+0092 → ’), and UTF-8 that was
 * decoded as windows-1252 and re-encoded ("Ã©" → é, "â€™" → ’).
 */
export function repairText(text: string): string {
  if (!/[\u0080-\u009f\u00c2\u00c3\u00e2]/.test(text)) return text;
  const demoronized = text.replace(C1_CONTROLS, (ch) => windows1252ForC1(ch.charCodeAt(0)));
  const repaired = demoronized.replace(MOJIBAKE, (run) => {
    const bytes = encodeWindows1252(run);
    if (!bytes) return run;
    try {
      const decoded = strictUtf8.decode(bytes);
      // A C1 control is no more readable than the mojibake it would replace.
      return /[\u0080-\u009f]/.test(decoded) ? run : decoded;
    } catch {
      return run;
    }
  });
  return repaired.replace(ORPHANED_NBSP_LEAD, '');
}
