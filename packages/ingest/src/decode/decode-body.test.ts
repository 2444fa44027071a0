import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { charsetFromContentType } from './content-type-charset';
import { decodeBody, decodeFeedBody } from './decode-body';

const xml = (encoding: string | null, body: string) =>
  `<?xml version="1.0"${encoding ? ` encoding="${encoding}"` : ''}?><rss><channel><title>${body}</title></channel></rss>`;

describe('decodeFeedBody', () => {
  it('honours a BOM over every declaration', () => {
    const text = xml('iso-8859-1', 'café');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
    expect(decodeFeedBody(utf16, 'text/xml; charset=iso-8859-1')).toMatchObject({ text, encoding: 'utf-16le', source: 'bom' });
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    expect(decodeFeedBody(utf8, null)).toMatchObject({ text, encoding: 'utf-8', source: 'bom' });
  });

  it('recognizes UTF-16/32 without a BOM from the zero bytes', () => {
    const text = xml(null, 'naïve');
    expect(decodeBody(iconv.encode(text, 'utf-16be'), null)).toBe(text);
    expect(decodeBody(iconv.encode(text, 'utf-32le'), null)).toBe(text);
  });

  it('prefers the HTTP charset over the XML declaration', () => {
    const bytes = iconv.encode(xml('utf-8', 'Ωμέγα'), 'iso-8859-7');
    expect(decodeFeedBody(bytes, 'application/xml; charset="ISO-8859-7"')).toMatchObject({
      text: xml('utf-8', 'Ωμέγα'),
      source: 'http',
    });
  });

  it('uses the XML declaration when HTTP says nothing', () => {
    const text = xml('windows-1251', 'Новости');
    expect(decodeFeedBody(iconv.encode(text, 'windows-1251'), 'text/xml')).toMatchObject({ text, source: 'xml-declaration' });
  });

  it('reads ISO-8859-1 and US-ASCII labels as windows-1252 (curly quotes, euro)', () => {
    const bytes = Buffer.from([...Buffer.from('<t>'), 0x93, 0x80, 0x20, 0xe9, 0x94, ...Buffer.from('</t>')]);
    expect(decodeBody(bytes, 'text/xml; charset=iso-8859-1')).toBe('<t>“€ é”</t>');
    expect(decodeBody(bytes, 'text/xml; charset=us-ascii')).toBe('<t>“€ é”</t>');
  });

  it('never produces "Â"/"Ã" mojibake from UTF-8 mislabelled as Latin-1', () => {
    const text = xml('ISO-8859-1', 'São Paulo\u00a0– café');
    const result = decodeFeedBody(Buffer.from(text, 'utf8'), null);
    expect(result.text).toBe(text);
    expect(result.text).not.toMatch(/[ÂÃ]/);
    expect(result.warnings).toEqual(['charset "ISO-8859-1" declared but the body is UTF-8; decoded as utf-8']);
  });

  it('falls back to UTF-8 when valid, else windows-1252, and says so', () => {
    const text = xml(null, 'Notícias');
    expect(decodeFeedBody(Buffer.from(text), null)).toMatchObject({ text, encoding: 'utf-8', warnings: [] });
    const latin = decodeFeedBody(iconv.encode(text, 'latin1'), null);
    expect(latin).toMatchObject({ text, encoding: 'windows-1252' });
    expect(latin.warnings).toEqual(['no charset declared and not valid UTF-8; decoded as windows-1252']);
  });

  it('ignores an unknown charset with a warning', () => {
    const text = xml('bogus', 'ok');
    const result = decodeFeedBody(Buffer.from(text), null);
    expect(result).toMatchObject({ text, encoding: 'utf-8' });
    expect(result.warnings).toEqual(['unknown charset "bogus" (XML declaration) ignored']);
  });

  it('keeps a mostly UTF-8 body as UTF-8 despite a stray byte', () => {
    const bytes = Buffer.concat([Buffer.from('<t>Zürich – Genève '), Buffer.from([0xff]), Buffer.from(' ok</t>')]);
    const result = decodeFeedBody(bytes, 'text/xml; charset=utf-8');
    expect(result.encoding).toBe('utf-8');
    expect(result.text).toContain('Zürich – Genève');
  });

  it('decodes CJK legacy charsets through their supersets', () => {
    const text = xml('gb2312', '投资资讯网');
    expect(decodeBody(iconv.encode(text, 'gb2312'), null)).toBe(text);
    const korean = xml('euc-kr', '년');
    expect(decodeBody(iconv.encode(korean, 'euc-kr'), null)).toBe(korean);
  });
});

describe('charsetFromContentType', () => {
  it.each([
    ['text/xml; charset=utf-8', 'utf-8'],
    ["application/atom+xml;charset='us-ascii'", 'us-ascii'],
    ['text/xml;charset = "us-ascii"', 'us-ascii'],
    ['text/xml; qs=0.9', null],
    ['text/xml; charset:iso-8859-1', null],
    [null, null],
  ])('%s → %s', (header, charset) => {
    expect(charsetFromContentType(header)).toBe(charset);
  });
});
