import { describe, expect, it } from 'vitest';
import { headingId, loadQueryGuide, renderMarkdown } from './query-guide';

describe('query language guide', () => {
  it('renders markdown with anchored headings and drops script', () => {
    const page = renderMarkdown(
      '# Guide\n\n## Proximity: NEAR and ONEAR\n\n| a | b |\n| - | - |\n| `x` | y |\n\n<script>alert(1)</script>\n\n## Proximity: NEAR and ONEAR\n',
    );
    expect(page.title).toBe('Guide');
    expect(page.sections).toEqual([
      { id: 'proximity-near-and-onear', text: 'Proximity: NEAR and ONEAR' },
      { id: 'proximity-near-and-onear-2', text: 'Proximity: NEAR and ONEAR' },
    ]);
    expect(page.html).toContain('<h2 id="proximity-near-and-onear">');
    expect(page.html).toContain('<td><code>x</code></td>');
    expect(page.html).not.toContain('<script');
    expect(headingId('Exact case: { }')).toBe('exact-case');
  });

  it('finds docs/query-language.md from the sources', async () => {
    const guide = await loadQueryGuide();
    expect(guide.title).toBe('The newswatch query language');
    expect(guide.sections.map((s) => s.id)).toContain('proximity-near-and-onear');
  });
});
