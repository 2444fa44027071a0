import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape-html';
import { renderHighlighted } from './highlight';

describe('renderHighlighted', () => {
  it('escapes every run, marked or not, before marking', () => {
    const text = 'arms <sale> & "missiles"';
    expect(renderHighlighted(text, [{ start: 0, end: 11 }], { escape: escapeHtml, mark: (run) => `<mark>${run}</mark>` })).toBe(
      '<mark>arms &lt;sale&gt;</mark> &amp; &quot;missiles&quot;',
    );
  });

  it('marks one run for overlapping spans of several watches', () => {
    const text = 'supplying rockets and missiles now';
    const spans = [
      { start: 10, end: 30 },
      { start: 0, end: 17 },
    ];
    expect(renderHighlighted(text, spans, { escape: (run) => run, mark: (run) => `*${run}*` })).toBe('*supplying rockets and missiles* now');
  });
});
