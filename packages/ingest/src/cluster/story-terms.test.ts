import { describe, expect, it } from 'vitest';
import { storyTerms } from './story-terms';

describe('storyTerms', () => {
  it("leaves out the words of the feed's own title: the outlet, not the event", () => {
    const terms = storyTerms(
      'North Korea fires two ballistic missiles - BBC News',
      'North Korea fired two missiles on Saturday, BBC News understands.',
      '',
      'BBC News',
    );
    expect([...terms.title.keys()]).toEqual(['north', 'korea', 'fire', 'ballistic', 'missile']);
    expect(terms.lede.has('bbc')).toBe(false);
    expect(terms.lede.has('korea')).toBe(true);
  });

  it('records multi-word names: consecutive capitalised words, one of them inside a sentence', () => {
    const terms = storyTerms(
      'Kim Jong Un meets a delegation',
      'President Vladimir Putin met Kim Jong-un. The UN Security Council, China and Japan said nothing.',
      '',
    );
    expect(terms.nameRuns).toEqual([
      ['kim', 'jong'],
      ['president', 'vladimir', 'putin'],
      ['kim', 'jong'],
      ['security', 'council'],
    ]);
    expect(storyTerms('Kim Jong Un Meets A Delegation', '.', '').nameRuns).toEqual([]);
  });
});
