/** One subscription to write; `categories[0]`, when given, becomes its folder. */
export interface OpmlExportOutline {
  xmlUrl: string;
  title: string | null;
  htmlUrl: string | null;
  categories?: string[];
}

/** What an OPML export holds: a title, when it was made, and the subscriptions. */
export interface OpmlExport {
  title: string;
  dateCreated: Date;
  outlines: OpmlExportOutline[];
}

/**
 * Writes an OPML 2.0 subscription list that every reader imports: one `type="rss"` outline per
 * feed with `text` (required by the spec) and `title`, grouped into one level of folder
 * outlines by first category — the depth Feedly, Inoreader and Miniflux understand. Folders
 * sit where their first feed was; the order of feeds is kept.
 */
export function serializeOpml(doc: OpmlExport): string {
  const slots: (OpmlExportOutline | { folder: string; outlines: OpmlExportOutline[] })[] = [];
  const folders = new Map<string, OpmlExportOutline[]>();
  for (const outline of doc.outlines) {
    const folder = outline.categories?.[0];
    if (!folder) {
      slots.push(outline);
      continue;
    }
    let members = folders.get(folder);
    if (!members) {
      members = [];
      folders.set(folder, members);
      slots.push({ folder, outlines: members });
    }
    members.push(outline);
  }
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXml(doc.title)}</title>`,
    `    <dateCreated>${doc.dateCreated.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
  ];
  for (const slot of slots) {
    if ('folder' in slot) {
      lines.push(`    <outline text="${escapeXml(slot.folder)}" title="${escapeXml(slot.folder)}">`);
      for (const outline of slot.outlines) lines.push(`      ${feedOutline(outline)}`);
      lines.push('    </outline>');
    } else {
      lines.push(`    ${feedOutline(slot)}`);
    }
  }
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}

function feedOutline(outline: OpmlExportOutline): string {
  const label = escapeXml(outline.title ?? outline.xmlUrl);
  const html = outline.htmlUrl ? ` htmlUrl="${escapeXml(outline.htmlUrl)}"` : '';
  return `<outline type="rss" text="${label}" title="${label}" xmlUrl="${escapeXml(outline.xmlUrl)}"${html}/>`;
}

/* Characters XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR, lone surrogates,
   U+FFFE/U+FFFF) are dropped; tab and newlines are escaped so attribute values survive
   attribute-value normalization. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escapeXml(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
