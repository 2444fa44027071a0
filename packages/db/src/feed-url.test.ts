import { describe, expect, it } from 'vitest';
import { normalizeFeedUrl } from './feed-url';

describe('normalizeFeedUrl', () => {
  it('gives one stored form to the spellings of one feed', () => {
    const forms = [
      'https://news.example/feed',
      'https://news.example/feed#latest',
      'https://news.example/feed?',
      'https://news.example/feed?#',
      'HTTPS://News.Example:443/feed',
      ' https://news.example/feed ',
    ];
    for (const form of forms) expect(normalizeFeedUrl(form), form).toEqual({ ok: true, url: 'https://news.example/feed' });
  });

  it('keeps what a server may tell apart: path case, trailing slash, query and its order', () => {
    for (const url of ['https://news.example/Feed', 'https://news.example/feed/', 'https://news.example/feed?b=2&a=1', 'http://news.example:8080/feed']) {
      expect(normalizeFeedUrl(url)).toEqual({ ok: true, url });
    }
  });

  it('refuses what cannot be subscribed, with the reason', () => {
    expect(normalizeFeedUrl('')).toEqual({ ok: false, reason: 'the URL is empty' });
    expect(normalizeFeedUrl('/relative.xml')).toEqual({ ok: false, reason: 'not a valid URL' });
    expect(normalizeFeedUrl('ftp://news.example/feed')).toEqual({ ok: false, reason: 'unsupported scheme "ftp:" (only http and https)' });
    expect(normalizeFeedUrl(`https://news.example/${'x'.repeat(2100)}`)).toEqual({ ok: false, reason: 'longer than 2048 characters', tooLong: true });
    // Percent-encoding can push a URL under the limit as typed past it as stored.
    expect(normalizeFeedUrl(`https://news.example/${' '.repeat(1000)}x`)).toMatchObject({ ok: false });
  });
});
