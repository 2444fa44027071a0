import { describe, expect, it } from 'vitest';
import { canonicalizeUrl } from './canonical-url';

describe('canonicalizeUrl folds an article’s AMP rendering into it (issue 10)', () => {
  it.each([
    ['https://www.washingtonpost.com/world/2026/11/30/x_story.html?outputType=amp', 'https://www.washingtonpost.com/world/2026/11/30/x_story.html'],
    ['https://amp.theguardian.com/world/2026/dec/01/launch', 'https://www.theguardian.com/world/2026/dec/01/launch'],
    ['https://www.aljazeera.com/amp/news/2026/12/3/pact', 'https://www.aljazeera.com/news/2026/12/3/pact'],
    ['https://news.test/politics/vote/amp', 'https://news.test/politics/vote'],
    ['https://news.test/politics/vote/amp/', 'https://news.test/politics/vote'],
    ['https://www.hindustantimes.com/cities/aqi-101764559800123-amp.html', 'https://www.hindustantimes.com/cities/aqi-101764559800123.html'],
    ['https://timesofindia.indiatimes.com/b/gdp/amp_articleshow/125842211.cms', 'https://timesofindia.indiatimes.com/b/gdp/articleshow/125842211.cms'],
    ['https://news.test/a?amp=1&id=7&utm_source=x', 'https://news.test/a?id=7'],
  ])('%s → %s', (amp, article) => {
    expect(canonicalizeUrl(amp)).toBe(article);
  });

  it('leaves words that only start with "amp" alone', () => {
    expect(canonicalizeUrl('https://news.test/science/ampere-record')).toBe('https://news.test/science/ampere-record');
    expect(canonicalizeUrl('https://amp.test/story')).toBe('https://amp.test/story');
    expect(canonicalizeUrl('https://news.test/a?amp=full')).toBe('https://news.test/a?amp=full');
  });
});
