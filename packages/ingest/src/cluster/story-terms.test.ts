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
});
