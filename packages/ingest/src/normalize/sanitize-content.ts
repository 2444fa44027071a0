import sanitizeHtml from 'sanitize-html';
import { boundHtml } from '../parse/bound-html';

/* What a story page may show: text structure, links, images and media captions.
   No scripts, styles, frames, forms or event handlers. */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'a',
    'abbr',
    'b',
    'blockquote',
    'br',
    'caption',
    'cite',
    'code',
    'dd',
    'del',
    'details',
    'dfn',
    'div',
    'dl',
    'dt',
    'em',
    'figcaption',
    'figure',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'i',
    'img',
    'ins',
    'kbd',
    'li',
    'mark',
    'ol',
    'p',
    'picture',
    'pre',
    'q',
    's',
    'small',
    'source',
    'span',
    'strong',
    'sub',
    'summary',
    'sup',
    'table',
    'tbody',
    'td',
    'tfoot',
    'th',
    'thead',
    'time',
    'tr',
    'u',
    'ul',
    'audio',
    'video',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'srcset', 'alt', 'title', 'width', 'height'],
    source: ['src', 'srcset', 'type', 'media'],
    audio: ['src', 'controls'],
    video: ['src', 'poster', 'controls', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
    time: ['datetime'],
    abbr: ['title'],
    q: ['cite'],
    blockquote: ['cite'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https', 'data'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template', 'title'],
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener noreferrer nofollow' },
    }),
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy' } }),
  },
};

/* transformTags add attributes the allow-list must also admit. */
OPTIONS.allowedAttributes = {
  ...(OPTIONS.allowedAttributes as Record<string, string[]>),
  a: ['href', 'title', 'rel'],
  img: ['src', 'srcset', 'alt', 'title', 'width', 'height', 'loading'],
};

/**
 * Feed HTML made safe to show in the dashboard and emails: an allow-list of tags and
 * attributes, only http(s)/mailto links (no `javascript:`), no scripts, styles,
 * iframes or `on*` handlers, and every link opened with rel="noopener noreferrer nofollow".
 * URLs should already be absolute (the parser resolves them against xml:base). Huge or
 * deeply nested HTML is bounded first ({@link boundHtml}): sanitize-html's cost grows with
 * the nesting depth at every tag.
 */
export function sanitizeContent(html: string): string {
  return sanitizeHtml(boundHtml(html), OPTIONS).trim();
}
