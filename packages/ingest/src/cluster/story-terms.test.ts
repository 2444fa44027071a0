import { describe, expect, it } from 'vitest';
import { countTerms, FIELD_CHARS_READ, storyTerms } from './story-terms';
import { sharedVocabulary } from './vocabulary';

const idOf = (term: string) => sharedVocabulary.idOf(term);
const ids = (...terms: string[]) => terms.map(idOf);

describe('storyTerms', () => {
  it('reads a bounded start of each field, however large the feed made it', () => {
    const distinct = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i.toString(36)}q`).join(' ');
    const huge = distinct('w', 200_000);
    expect(huge.length).toBeGreaterThan(1_000_000);
    const terms = storyTerms(huge, distinct('l', 200_000), distinct('b', 200_000), 'Feed');
    for (const field of [terms.title, terms.lede, terms.body]) {
      expect(field.size).toBeGreaterThan(1_000);
      expect(field.size).toBeLessThan(FIELD_CHARS_READ / 4);
    }
  });

  it("reads a feed title of a million digits without failing the feed's stories", () => {
    const terms = storyTerms('North Korea fires 2 missiles', 'Seoul said so.', '', '9'.repeat(1_000_000));
    expect([...terms.title.keys()]).toEqual(ids('north', 'korea', 'fire', '2', 'missile'));
    expect(sharedVocabulary.figure(idOf('2'))).toBe('2');
  });

  it("leaves out the words of the feed's own title: the outlet, not the event", () => {
    const terms = storyTerms(
      'North Korea fires two ballistic missiles - BBC News',
      'North Korea fired two missiles on Saturday, BBC News understands.',
      '',
      'BBC News',
    );
    expect([...terms.title.keys()]).toEqual(ids('north', 'korea', 'fire', 'ballistic', 'missile'));
    expect(terms.lede.has(idOf('bbc'))).toBe(false);
    expect(terms.lede.has(idOf('korea'))).toBe(true);
  });

  it('records multi-word names: consecutive capitalised words, one of them inside a sentence', () => {
    const terms = storyTerms(
      'Kim Jong Un meets a delegation',
      'President Vladimir Putin met Kim Jong-un. The UN Security Council, China and Japan said nothing.',
      '',
    );
    expect(terms.nameRuns).toEqual([ids('kim', 'jong'), ids('president', 'vladimir', 'putin'), ids('kim', 'jong'), ids('security', 'council')]);
    expect(storyTerms('Kim Jong Un Meets A Delegation', '.', '').nameRuns).toEqual([]);
  });

  it('folds a word alike whether its letters are plain ASCII or not', () => {
    const lede = "Kim's visit. Kim’s cafés, Cafe CAFÉ: a 6.4-magnitude quake at 12:30 near Hwasong-16C; they don't, dont. Ströme";
    expect([...countTerms(lede, true).keys()]).toEqual(
      ids('kim', 'visit', 'cafe', '6.4', 'magnitude', 'quake', '12:30', 'near', 'hwasong', '16c', 'dont', 'strome'),
    );
    expect(countTerms(lede, true).get(idOf('cafe'))).toBe(1 + 2 + 2);
  });

  it('stems plain and accented words by the same rules', () => {
    const terms = (text: string) => [...countTerms(text, false).keys()];
    expect(terms('flies missiles classes launched launching launches fired')).toEqual(ids('fly', 'missile', 'class', 'launch', 'fired'));
    expect(terms('cafés naïves')).toEqual(ids('cafe', 'naive'));
  });
});
