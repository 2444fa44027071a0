import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape-html';
import { highlightSegments, renderHighlighted } from './highlight';

const brackets = { escape: (run: string) => run, mark: (run: string) => `[${run}]` };

describe('highlightSegments', () => {
  it('cuts text into plain and marked runs', () => {
    expect(highlightSegments('arms sale today', [{ start: 0, end: 9 }])).toEqual([
      { text: 'arms sale', marked: true },
      { text: ' today', marked: false },
    ]);
  });

  it('merges overlapping and touching spans, in any order', () => {
    const text = 'supplying rockets and missiles now';
    const spans = [
      { start: 10, end: 30 },
      { start: 0, end: 17 },
      { start: 30, end: 34 },
    ];
    expect(renderHighlighted(text, spans, brackets)).toBe('[supplying rockets and missiles now]');
  });

  it('uses UTF-16 offsets: text after an emoji and Hangul stays aligned', () => {
    const text = '🚆 김정은 위원장이 arrived';
    const hangul = text.indexOf('김정은');
    const arrived = text.indexOf('arrived');
    expect(hangul).toBe(3);
    expect(
      renderHighlighted(
        text,
        [
          { start: hangul, end: hangul + 3 },
          { start: arrived, end: arrived + 7 },
        ],
        brackets,
      ),
    ).toBe('🚆 [김정은] 위원장이 [arrived]');
  });

  it('never splits a surrogate pair: a boundary inside an emoji widens to the whole emoji', () => {
    const text = 'missiles 🚀 launched';
    const rocket = text.indexOf('🚀');
    expect(renderHighlighted(text, [{ start: rocket + 1, end: rocket + 1 + 1 }], brackets)).toBe('missiles [🚀] launched');
    expect(renderHighlighted(text, [{ start: 0, end: rocket + 1 }], brackets)).toBe('[missiles 🚀] launched');
  });

  it('clips spans past the end of a shortened field and drops empty or inverted ones', () => {
    const text = 'short lede';
    expect(
      renderHighlighted(
        text,
        [
          { start: 6, end: 400 },
          { start: 500, end: 510 },
          { start: 3, end: 3 },
          { start: 5, end: 2 },
        ],
        brackets,
      ),
    ).toBe('short [lede]');
  });

  it('escapes every run, marked or not, before marking', () => {
    const text = 'arms <sale> & "missiles"';
    expect(renderHighlighted(text, [{ start: 0, end: 11 }], { escape: escapeHtml, mark: (run) => `<mark>${run}</mark>` })).toBe(
      '<mark>arms &lt;sale&gt;</mark> &amp; &quot;missiles&quot;',
    );
  });

  it('returns the whole text unmarked without spans', () => {
    expect(highlightSegments('nothing matched', [])).toEqual([{ text: 'nothing matched', marked: false }]);
    expect(highlightSegments('', [{ start: 0, end: 4 }])).toEqual([]);
  });
});
