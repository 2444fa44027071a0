import { describe, expect, it } from 'vitest';
import { compileQuery } from './compiled-query';
import { highlightSegments, type HighlightSegment } from './highlight-segments';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The segments as text with the marked runs in brackets: easy to read in an assertion. */
function bracketed(segments: HighlightSegment[]): string {
  return segments.map((segment) => (segment.marked ? `[${segment.text}]` : segment.text)).join('');
}

describe('highlightSegments', () => {
  it('cuts text into plain and marked runs, in text order', () => {
    expect(highlightSegments('arms sale today', [{ start: 0, end: 9 }])).toEqual([
      { text: 'arms sale', marked: true },
      { text: ' today', marked: false },
    ]);
    expect(highlightSegments('the arms sale', [{ start: 4, end: 8 }])).toEqual([
      { text: 'the ', marked: false },
      { text: 'arms', marked: true },
      { text: ' sale', marked: false },
    ]);
  });

  it('merges overlapping spans, one inside another too', () => {
    const text = 'supplying rockets and missiles now';
    expect(
      bracketed(
        highlightSegments(text, [
          { start: 0, end: 17 },
          { start: 10, end: 30 },
          { start: 22, end: 26 },
        ]),
      ),
    ).toBe('[supplying rockets and missiles] now');
  });

  it('merges touching spans into one run, and keeps spans a character apart separate', () => {
    const text = 'KimJong Un';
    expect(
      highlightSegments(text, [
        { start: 0, end: 3 },
        { start: 3, end: 7 },
      ]),
    ).toEqual([
      { text: 'KimJong', marked: true },
      { text: ' Un', marked: false },
    ]);
    expect(
      bracketed(
        highlightSegments(text, [
          { start: 0, end: 7 },
          { start: 8, end: 10 },
        ]),
      ),
    ).toBe('[KimJong] [Un]');
  });

  it('takes spans in any order, as several watches report them', () => {
    const text = 'arms sale to Russia; missiles delivered';
    const inOrder = [
      { start: 0, end: 4 },
      { start: 5, end: 9 },
      { start: 21, end: 29 },
    ];
    const shuffled = [inOrder[2]!, inOrder[0]!, inOrder[1]!];
    expect(highlightSegments(text, shuffled)).toEqual(highlightSegments(text, inOrder));
    expect(bracketed(highlightSegments(text, shuffled))).toBe('[arms] [sale] to Russia; [missiles] delivered');
  });

  it('uses UTF-16 offsets: text after an emoji and Hangul stays aligned', () => {
    const text = '🚆 김정은 위원장이 arrived';
    const hangul = text.indexOf('김정은');
    const arrived = text.indexOf('arrived');
    expect(hangul).toBe(3);
    expect(
      bracketed(
        highlightSegments(text, [
          { start: arrived, end: arrived + 7 },
          { start: hangul, end: hangul + 3 },
        ]),
      ),
    ).toBe('🚆 [김정은] 위원장이 [arrived]');
  });

  it('never splits a surrogate pair: a boundary inside an emoji widens to the whole emoji', () => {
    const text = 'missiles 🚀 launched';
    const rocket = text.indexOf('🚀');
    expect(bracketed(highlightSegments(text, [{ start: rocket + 1, end: rocket + 2 }]))).toBe('missiles [🚀] launched');
    expect(bracketed(highlightSegments(text, [{ start: 0, end: rocket + 1 }]))).toBe('[missiles 🚀] launched');
    expect(bracketed(highlightSegments(text, [{ start: rocket + 1, end: text.length }]))).toBe('missiles [🚀 launched]');
    for (const segment of highlightSegments(text, [{ start: rocket + 1, end: rocket + 1 + 1 }])) {
      expect(segment.text).not.toMatch(LONE_SURROGATE);
    }
  });

  it('keeps combining marks and astral CJK inside the run their offsets give', () => {
    const text = 'Kim Jong-un visited Pyeongyang 平壤 and 𠀀𠀁 today';
    const astral = text.indexOf('𠀀𠀁');
    expect(bracketed(highlightSegments(text, [{ start: astral, end: astral + 4 }]))).toBe('Kim Jong-un visited Pyeongyang 平壤 and [𠀀𠀁] today');
    const accented = 'Se\u0301oul summit';
    expect(bracketed(highlightSegments(accented, [{ start: 0, end: 6 }]))).toBe('[Se\u0301oul] summit');
  });

  it('clips spans past the end of a shortened field and drops empty, inverted or outside ones', () => {
    const text = 'short lede';
    const pastTheEnd = { start: 6, end: 400 };
    const outside = [
      { start: 500, end: 510 },
      { start: 3, end: 3 },
      { start: 5, end: 2 },
      { start: -4, end: -1 },
    ];
    expect(bracketed(highlightSegments(text, [pastTheEnd, ...outside]))).toBe('short [lede]');
    expect(highlightSegments(text, outside)).toEqual([{ text, marked: false }]);
    expect(bracketed(highlightSegments(text, [{ start: -3, end: 5 }]))).toBe('[short] lede');
  });

  it('returns the whole text unmarked without spans, and nothing for empty text', () => {
    expect(highlightSegments('nothing matched', [])).toEqual([{ text: 'nothing matched', marked: false }]);
    expect(highlightSegments('', [{ start: 0, end: 4 }])).toEqual([]);
  });

  it('gives back the text unchanged when the segments are joined', () => {
    const text = 'Kim Jong Un 🚆 crossed into Russia; 김정은 met Putin';
    const segments = highlightSegments(text, [
      { start: 2, end: 13 },
      { start: 40, end: 1000 },
      { start: 12, end: 12 },
    ]);
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
    expect(segments.every((segment, k) => k === 0 || segment.marked !== segments[k - 1]!.marked)).toBe(true);
  });

  it('marks what explain reports, from several fields filtered to one', () => {
    const doc = { title: 'Kim Jong Un arrives in Russia', content: 'talks on an arms sale and the transfer of weapons' };
    const spans = compileQuery('"Kim Jong Un" OR ((arms OR weapons) NEAR/3 (sale* OR transfer*))').explain(doc);
    expect(
      bracketed(
        highlightSegments(
          doc.content,
          spans.filter((span) => span.field === 'content'),
        ),
      ),
    ).toBe('talks on an [arms] [sale] and the [transfer] of [weapons]');
    expect(
      bracketed(
        highlightSegments(
          doc.title,
          spans.filter((span) => span.field === 'title'),
        ),
      ),
    ).toBe('[Kim Jong Un] arrives in Russia');
  });
});
