import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Where docs/query-language.md is, tried in order: from this file in the sources
 * (packages/api/src/help/ → the repository root), and beside a bundled build's entry file
 * (a bundle written to dist/ ships the guide as dist/docs/query-language.md).
 */
export const QUERY_GUIDE_LOCATIONS = [new URL('../../../../docs/query-language.md', import.meta.url), new URL('./docs/query-language.md', import.meta.url)];

/** The guide as a page shows it: its title, sanitized HTML, and its sections for a table of contents. */
export interface RenderedGuide {
  title: string;
  html: string;
  sections: { id: string; text: string }[];
}

/** A heading's anchor: its words in lower case joined by hyphens (`NEAR/n and ONEAR` → `near-n-and-onear`). */
export function headingId(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'section'
  );
}

/** Text of a heading's markdown without its markup (`Exact case: \`{ }\`` → `Exact case: { }`). */
const plainText = (markdown: string) => markdown.replace(/[`*_]/g, '').trim();

/**
 * Markdown to HTML: GitHub-flavoured (the guide's tables), headings with anchors so sections can
 * be linked, then sanitize-html with an allow-list, as for feed content: the file is ours, but
 * the page is served under our origin and a stray `<script>` in a doc must stay text.
 */
export function renderMarkdown(markdown: string): RenderedGuide {
  const used = new Map<string, number>();
  const sections: RenderedGuide['sections'] = [];
  let title = '';
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      heading(this: { parser: { parseInline(tokens: Tokens.Heading['tokens']): string } }, token: Tokens.Heading) {
        const text = plainText(token.text);
        const base = headingId(text);
        const seen = used.get(base) ?? 0;
        used.set(base, seen + 1);
        const id = seen === 0 ? base : `${base}-${seen + 1}`;
        if (token.depth === 1 && !title) title = text;
        if (token.depth === 2) sections.push({ id, text });
        return `<h${token.depth} id="${id}">${this.parser.parseInline(token.tokens)}</h${token.depth}>\n`;
      },
    },
  });
  const raw = marked.parse(markdown, { async: false });
  const html = sanitizeHtml(raw, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'h1', 'h2'],
    allowedAttributes: {
      a: ['href', 'title'],
      h1: ['id'],
      h2: ['id'],
      h3: ['id'],
      h4: ['id'],
      th: ['align'],
      td: ['align'],
      code: ['class'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
  });
  return { title: title || 'Query language', html, sections };
}

let cached: Promise<RenderedGuide> | undefined;

/**
 * The query language guide, read and rendered once per process. A guide that cannot be found
 * is an error naming where it was looked for (a build that did not ship it), and is looked for
 * again on the next request.
 */
export function loadQueryGuide(): Promise<RenderedGuide> {
  cached ??= readGuide().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function readGuide(): Promise<RenderedGuide> {
  for (const location of QUERY_GUIDE_LOCATIONS) {
    try {
      return renderMarkdown(await fs.readFile(location, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`The query language guide is not installed: looked for ${QUERY_GUIDE_LOCATIONS.map((u) => fileURLToPath(u)).join(' and ')}`);
}
