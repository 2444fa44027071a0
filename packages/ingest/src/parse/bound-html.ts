import { Tokenizer } from 'htmlparser2';

/** How much of an item's HTML the sanitizer and the text extractor are given. */
export interface HtmlBounds {
  /** Elements nested deeper than this lose their tags (their text stays). */
  maxDepth: number;
  /** Characters of HTML read at most; the rest of the item is cut off. */
  maxChars: number;
}

/**
 * Deeper than any article's real structure (browsers themselves flatten past 512), and
 * 256 KiB is several times the longest real article body with its markup. Within these
 * bounds sanitizing and extracting text take well under 100 ms per item.
 */
export const HTML_BOUNDS: HtmlBounds = { maxDepth: 128, maxChars: 256 * 1024 };

/* As htmlparser2's parser (the one sanitize-html and htmlToText use) treats them. */
const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
const FORM_TAGS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const P_TAG = new Set(['p']);
const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p']);
const TABLE_SECTION_TAGS = new Set(['thead', 'tbody']);
const DDT_TAGS = new Set(['dd', 'dt']);
const RTP_TAGS = new Set(['rt', 'rp']);
/* Opening the key closes open elements of the value set first (htmlparser2's table). */
const OPEN_IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['a', new Set(['a'])],
  ['li', new Set(['li'])],
  ['p', P_TAG],
  ['h1', HEADING_TAGS],
  ['h2', HEADING_TAGS],
  ['h3', HEADING_TAGS],
  ['h4', HEADING_TAGS],
  ['h5', HEADING_TAGS],
  ['h6', HEADING_TAGS],
  ['select', FORM_TAGS],
  ['input', FORM_TAGS],
  ['output', FORM_TAGS],
  ['button', FORM_TAGS],
  ['datalist', FORM_TAGS],
  ['textarea', FORM_TAGS],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', DDT_TAGS],
  ['dt', DDT_TAGS],
  ...[
    'address',
    'article',
    'aside',
    'blockquote',
    'details',
    'div',
    'dl',
    'fieldset',
    'figcaption',
    'figure',
    'footer',
    'form',
    'header',
    'hr',
    'main',
    'nav',
    'ol',
    'pre',
    'section',
    'table',
    'ul',
  ].map((tag): [string, Set<string>] => [tag, P_TAG]),
  ['rt', RTP_TAGS],
  ['rp', RTP_TAGS],
  ['tbody', TABLE_SECTION_TAGS],
  ['tfoot', TABLE_SECTION_TAGS],
]);
/* Elements whose content the tokenizer reads as raw text (outside SVG and MathML). */
const RAW_TEXT_ELEMENTS = new Set(['iframe', 'noembed', 'noframes', 'plaintext', 'script', 'style', 'title', 'textarea', 'xmp']);
/* SVG and MathML elements whose content is HTML again. */
const HTML_INTEGRATION_ELEMENTS = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);

/**
 * `html` cut to `maxChars` and to `maxDepth` levels of nesting, in one linear pass of
 * htmlparser2's tokenizer; `html` itself when it is within both bounds.
 *
 * Why: htmlparser2's parser (sanitize-html's, and htmlToText's) keeps its open elements in
 * an array it shifts at the front, so every tag costs as much as the nesting depth: one
 * description of 100,000 nested elements held sanitize-html for 12.9 s. The tokenizer alone
 * keeps no stack; this pass keeps its own, bounded, mirroring the parser's rules (void
 * elements, end tags implied by a start tag, SVG/MathML content, raw-text elements).
 *
 * A rewritten document is unambiguous to any parser: each element kept is closed by an end
 * tag written here when this pass closes it (the source's end tags are not copied), `<x/>`
 * is written `<x>` (as the parser reads it in HTML) or `<x></x>` (in SVG/MathML), and tags
 * past the depth bound are dropped with their end tags — their text stays, except the raw
 * text of a dropped `<script>`-like element. A parser reading it can close elements sooner
 * than this pass did, never later, so it never nests deeper than `maxDepth`.
 */
export function boundHtml(html: string, bounds: HtmlBounds = HTML_BOUNDS): string {
  if (html.length <= bounds.maxChars && countAtMost(html, '<', bounds.maxDepth)) return html;
  let end = Math.min(html.length, bounds.maxChars);
  // Never leave half of a surrogate pair at the cut.
  if (end < html.length && /[\ud800-\udbff]/.test(html[end - 1] ?? '')) end--;
  const source = html.slice(0, end);
  const out: string[] = [];
  const kept: string[] = [];
  /* Whether the content of each kept element is SVG/MathML (true) or HTML. */
  const foreign: boolean[] = [];
  const overflow: string[] = [];
  let cursor = 0;
  let dropped = false;
  let skipRawText = false;
  let tagName = '';
  let tagStart = 0;

  const inForeignContent = () => foreign.length > 0 && foreign[foreign.length - 1]!;
  const copyTo = (index: number) => {
    if (index > cursor) out.push(source.slice(cursor, index));
  };
  const closeKeptTo = (index: number) => {
    while (kept.length > index) {
      out.push(`</${kept.pop()}>`);
      foreign.pop();
    }
  };
  const top = () => (overflow.length > 0 ? overflow[overflow.length - 1]! : kept[kept.length - 1]);
  const popTop = () => {
    if (overflow.length > 0) overflow.pop();
    else closeKeptTo(kept.length - 1);
  };

  const open = (tagEnd: number, selfClosing: boolean) => {
    copyTo(tagStart);
    const from = tagStart;
    cursor = tagEnd;
    const inForeign = inForeignContent();
    const name = !inForeign && tagName === 'image' ? 'img' : tagName;
    if (VOID_ELEMENTS.has(name) || (name === 'form' && kept.includes('form'))) {
      out.push(source.slice(from, tagEnd));
      return;
    }
    const implied = OPEN_IMPLIES_CLOSE.get(name);
    if (implied) while (implied.has(top() ?? '')) popTop();
    if (overflow.length > 0 || kept.length >= bounds.maxDepth) {
      overflow.push(name);
      dropped = true;
      skipRawText = !inForeign && !selfClosing && RAW_TEXT_ELEMENTS.has(name);
      return;
    }
    let raw = source.slice(from, tagEnd);
    if (selfClosing) raw = `${raw.slice(0, raw.lastIndexOf('/'))}>`;
    out.push(raw);
    // In SVG/MathML `<x/>` is closed at once; in HTML the parser ignores the slash.
    if (selfClosing && inForeign) {
      out.push(`</${name}>`);
      return;
    }
    kept.push(name);
    foreign.push(name === 'svg' || name === 'math' ? true : HTML_INTEGRATION_ELEMENTS.has(name) ? false : inForeign);
  };

  const close = (name: string, nameStart: number, nameEnd: number) => {
    const start = source.lastIndexOf('<', nameStart);
    const gt = source.indexOf('>', nameEnd);
    if (skipRawText) {
      cursor = start;
      skipRawText = false;
    }
    copyTo(start);
    cursor = gt < 0 ? source.length : gt + 1;
    if (VOID_ELEMENTS.has(name)) {
      if (name === 'br') out.push('<br>');
      return;
    }
    if (overflow.length > 0) {
      // Only the innermost dropped elements are searched: a bounded cost per end tag.
      for (let i = overflow.length - 1; i >= Math.max(0, overflow.length - bounds.maxDepth); i--) {
        if (overflow[i] === name) {
          overflow.length = i;
          return;
        }
      }
      const at = kept.lastIndexOf(name);
      if (at >= 0) {
        overflow.length = 0;
        closeKeptTo(at);
      }
      return;
    }
    const at = kept.lastIndexOf(name);
    if (at >= 0) closeKeptTo(at);
    else if (name === 'p') out.push('<p></p>');
  };

  const ignore = () => undefined;
  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: true, recognizeSelfClosing: false },
    {
      onopentagname(start, endIndex) {
        tagName = source.slice(start, endIndex).toLowerCase();
        tagStart = start - 1;
      },
      onopentagend: (endIndex) => open(endIndex + 1, false),
      onselfclosingtag: (endIndex) => open(endIndex + 1, true),
      onclosetag: (start, endIndex) => close(source.slice(start, endIndex).toLowerCase(), start, endIndex),
      // The tokenizer asks, as it asks the parser: `<title>` in SVG is no raw-text element.
      isInForeignContext: inForeignContent,
      onattribdata: ignore,
      onattribentity: ignore,
      onattribend: ignore,
      onattribname: ignore,
      oncdata: ignore,
      oncomment: ignore,
      ondeclaration: ignore,
      onend: ignore,
      onprocessinginstruction: ignore,
      ontext: ignore,
      ontextentity: ignore,
    },
  );
  tokenizer.write(source);
  tokenizer.end();
  if (!dropped && end === html.length) return html;
  if (!skipRawText) copyTo(source.length);
  return out.join('');
}

/** Whether `text` holds `char` at most `max` times. */
function countAtMost(text: string, char: string, max: number): boolean {
  let count = 0;
  for (let at = text.indexOf(char); at >= 0; at = text.indexOf(char, at + 1)) if (++count > max) return false;
  return true;
}
