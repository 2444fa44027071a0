import { describe, expect, it } from 'vitest';
import { compileQuery } from './compiled-query';
import { matchDocumentOf } from './match-document';

describe('matchDocumentOf', () => {
  const row = {
    id: 7,
    title: 'Kim Jong Un arrives in Russia',
    summary_text: 'The train crossed the border.',
    content_text: 'Talks on an arms sale are expected.',
    content_html: '<p>ignored</p>',
    author: 'Jane Roe',
    feed_title: 'Wire Service',
    url: 'http://127.0.0.1/kim-russia',
    language: 'en',
  };

  it('puts each story column in the query field that names it', () => {
    const doc = matchDocumentOf(row);
    const field = (query: string) => compileQuery(query).match(doc);
    expect(field('title:arrives')).toBe(true);
    expect(field('summary:border')).toBe(true);
    expect(field('content:"arms sale"')).toBe(true);
    expect(field('author:roe')).toBe(true);
    expect(field('source:"wire service"')).toBe(true);
    expect(field('url:kim')).toBe(true);
    expect(field('lang:en')).toBe(true);
    expect(field('content:border')).toBe(false);
    expect(field('ignored')).toBe(false);
  });

  it('reads missing and null columns as empty fields', () => {
    const doc = matchDocumentOf({ title: 'Arms sale', author: null, feed_title: null });
    expect(compileQuery('arms').match(doc)).toBe(true);
    expect(compileQuery('author:arms OR source:arms OR lang:en').match(doc)).toBe(false);
    expect(compileQuery('arms').explain(doc)).toEqual([{ field: 'title', start: 0, end: 4, term: 'arms' }]);
  });
});
