import { Parser } from 'htmlparser2';
import { boundHtml } from './bound-html';

/* Elements that break a line of text: the reader sees separate blocks, so matching must
   not glue the last word of one paragraph to the first of the next. */
const BLOCK_ELEMENTS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'td',
  'th',
  'tr',
  'ul',
  'caption',
  'details',
  'summary',
]);

/* Elements whose content is never text a reader sees. */
const HIDDEN_ELEMENTS = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe', 'object', 'svg', 'math']);

/** Options for {@link htmlToText}. */
export interface HtmlToTextOptions {
  /** Keep block boundaries as "\n" (for bodies); otherwise everything is one line (titles). */
  paragraphs?: boolean;
}

/**
 * Plain text of an HTML fragment for matching and display as text: tags removed,
 * block elements and `<br>` become line breaks (or spaces), entities decoded, scripts
 * and styles dropped, whitespace collapsed and trimmed. Only the start of a huge or deeply
 * nested fragment is read (see {@link boundHtml}): the cost stays linear and small.
 */
export function htmlToText(html: string, options: HtmlToTextOptions = {}): string {
  if (!/[<&]/.test(html)) return collapse(html, options.paragraphs ?? false);
  let out = '';
  let hidden = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (HIDDEN_ELEMENTS.has(name)) hidden++;
        else if (BLOCK_ELEMENTS.has(name)) out += '\n';
      },
      onclosetag(name) {
        if (HIDDEN_ELEMENTS.has(name)) hidden = Math.max(0, hidden - 1);
        else if (BLOCK_ELEMENTS.has(name)) out += '\n';
      },
      ontext(text) {
        if (hidden === 0) out += text;
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.end(boundHtml(html));
  return collapse(out, options.paragraphs ?? false);
}

function collapse(text: string, paragraphs: boolean): string {
  if (!paragraphs) return text.replace(/\s+/g, ' ').trim();
  return text
    .split(/\s*\n\s*/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** True when `text` looks like HTML markup or carries entity references. */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?\/?>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);/.test(text);
}

/** `text` escaped so that it reads the same when treated as HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
