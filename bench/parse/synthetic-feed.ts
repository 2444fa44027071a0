/**
 * One large RSS 2.0 feed as a busy news site publishes it: every item with a title, link,
 * guid, pubDate, dc:creator, three categories, an escaped-HTML description and a CDATA
 * content:encoded, with some non-ASCII text. 5,000 items make ~6 MB of UTF-8.
 */
export function buildSyntheticFeed(items: number): Buffer {
  let seed = 2026;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const words =
    'ministers talks border sanctions vote court report police election economy energy prices summit treaty protest Zürich São Paulo Kraków café déjà — «accord» naïve officials said on Thursday that the new rules would apply from next month'.split(
      ' ',
    );
  const sentence = (n: number) => {
    const out = Array.from({ length: n }, () => pick(words)).join(' ');
    return `${out[0]!.toUpperCase()}${out.slice(1)}.`;
  };
  const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n',
    '<channel><title>Bench Wire</title><link>https://news.example/</link><description>Everything, all day</description><language>en</language>\n',
  ];
  const start = Date.UTC(2026, 10, 1);
  for (let i = 0; i < items; i++) {
    const id = 100000 + i;
    const description = `<p>${sentence(20)}</p><p>${sentence(14)} <a href="https://news.example/story/${id}">Read more</a></p>`;
    const content = [sentence(26), sentence(22), sentence(30)].map((s) => `<p>${s}</p>`).join('\n');
    parts.push(
      '<item>',
      `<title>${escapeXml(sentence(10).slice(0, 110))}</title>`,
      `<link>https://news.example/story/${id}?utm_source=rss</link>`,
      `<guid isPermaLink="false">news-example-${id}</guid>`,
      `<pubDate>${new Date(start - i * 60_000).toUTCString()}</pubDate>`,
      `<dc:creator>${pick(['Ana Sousa', 'Jürgen Weiß', 'Li Wei', 'Olha Kovalenko'])}</dc:creator>`,
      `<category>${pick(words)}</category><category>${pick(words)}</category><category>World</category>`,
      `<description>${escapeXml(description)}</description>`,
      `<content:encoded><![CDATA[${content}]]></content:encoded>`,
      '</item>\n',
    );
  }
  parts.push('</channel></rss>\n');
  return Buffer.from(parts.join(''), 'utf8');
}
