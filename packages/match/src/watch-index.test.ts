import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileQuery } from './compiled-query';
import { DEFAULT_WATCHES } from './default-watches';
import { WatchIndex } from './watch-index';

const seedArticle = fs.readFileSync(new URL('./testdata/seed-article.txt', import.meta.url), 'utf8');

describe('WatchIndex', () => {
  const watches = [
    { id: 1, query: '"Kim Jong Un"' },
    { id: 2, query: 'sanction*' },
    { id: 3, query: 'Kim NOT Putin' },
    { id: 4, query: '김정은' },
    { id: 5, query: 'site:kcna.kp' },
    { id: 6, query: 'wom*n' },
    { id: 7, query: '(arms OR weapons) NEAR/5 (transfer* OR sale*)' },
    { id: 8, query: 'broken (' },
    { id: 'text-id', query: '{UN} resolution*' },
  ];
  const index = new WatchIndex(watches);

  it('reports queries that do not compile and leaves them out', () => {
    expect(index.errors.map((e) => e.watchId)).toEqual([8]);
    expect(index.size).toBe(8);
  });

  const docs = [
    { title: 'Kim Jong Un meets Putin', content: 'new sanctions; weapons transfer feared' },
    { title: 'Kim visits a factory', content: '김정은 위원장이 공장을' },
    { title: 'Women in diplomacy', url: 'http://www.kcna.kp/en/x', content: 'UN resolutions on the peninsula' },
    { title: 'Nothing relevant', content: 'weather and sports' },
    { title: 'un accord', content: 'une résolution du conseil' },
  ];

  it.each(docs)('gives the same answers and spans as evaluating every query on its own: %j', (doc) => {
    const expected = watches
      .filter((w) => w.id !== 8)
      .map((w) => ({ watchId: w.id, query: compileQuery(w.query) }))
      .filter((w) => w.query.match(doc))
      .map((w) => ({ watchId: w.watchId, spans: w.query.explain(doc) }));
    expect(index.matchAll(doc)).toEqual(expected);
  });

  it('matches the seed article with all three default watches', () => {
    const defaults = new WatchIndex(DEFAULT_WATCHES.map((w, i) => ({ id: i + 1, query: w.query })));
    expect(defaults.errors).toEqual([]);
    const doc = { title: 'Kim Jong Un arrives in Russia ahead of Putin meeting', content: seedArticle };
    const hits = defaults.matchAll(doc);
    expect(hits.map((h) => h.watchId)).toEqual([1, 2, 3]);
    const texts = (id: number) => hits.find((h) => h.watchId === id)!.spans.map((s) => doc[s.field as 'title' | 'content'].slice(s.start, s.end));
    expect(texts(1)).toContain('Kim Jong Un');
    expect(texts(2)).toEqual(expect.arrayContaining(['arms', 'sale', 'transfer', 'weapons', 'supplying', 'rockets']));
    expect(texts(3)).toEqual(expect.arrayContaining(['resolutions', 'UN', 'Security Council']));
  });

  it('does not fire the default watches on near-misses', () => {
    const defaults = new WatchIndex(DEFAULT_WATCHES.map((w, i) => ({ id: i + 1, query: w.query })));
    const misses = [
      { title: 'Kim Jong Il’s birthday marked in Pyongyang', content: 'The late leader Kim Jong Il was remembered.' },
      { title: 'Tax court rules on transfer pricing of weapons-grade materials firm', content: 'The transfer pricing dispute continues.' },
      { title: 'Un comité adopte une résolution', content: 'La résolution a été adoptée par un vote.' },
      { title: 'Armed forces day parade', content: 'The armed forces paraded through the capital; ticket sales were strong.' },
    ];
    for (const doc of misses) expect(defaults.matchAll(doc)).toEqual([]);
  });

  it('evaluates only candidate watches: a story with none of their words wakes none', () => {
    const many = new WatchIndex(Array.from({ length: 2000 }, (_, i) => ({ id: i, query: `"term${i} word${i}" OR prefix${i}*` })));
    expect(many.matchAll({ content: 'nothing to see here' })).toEqual([]);
    expect(many.matchAll({ content: 'a term1234 word1234 b' }).map((h) => h.watchId)).toEqual([1234]);
    // prefix7* and prefix77* both cover it.
    expect(many.matchAll({ content: 'prefix77abc' }).map((h) => h.watchId)).toEqual([7, 77]);
  });

  it('skips a watch that costs more than its budget on a story, and the others still match', () => {
    const failures: { watchId: unknown; code: unknown }[] = [];
    const budgeted = new WatchIndex(
      [
        { id: 1, query: 'sanction*' },
        { id: 2, query: '(lo* OR ip*) NEAR/1000 (do* OR si*) NEAR/1000 sanction*' },
        { id: 3, query: 'ipsum' },
      ],
      { workLimit: 200, onMatchError: (watchId, error) => failures.push({ watchId, code: (error as Error & { code?: string }).code }) },
    );
    const doc = { content: `${'lorem ipsum dolor sit '.repeat(100)} sanctions` };
    expect(budgeted.matchAll(doc).map((h) => h.watchId)).toEqual([1, 3]);
    expect(failures).toEqual([{ watchId: 2, code: 'match_budget_exceeded' }]);
    expect(budgeted.stats.failed).toBe(1);
    // Within its budget on a short story, the same watch matches.
    expect(budgeted.matchAll({ content: 'lorem dolor sanctions' }).map((h) => h.watchId)).toEqual([1, 2]);
  });
});
