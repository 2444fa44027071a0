import { raw } from 'hono/html';
import { PageLayout } from '../layouts/page-layout';
import type { PageContext } from '../view-models';

export interface HelpPageProps {
  ctx: PageContext;
  title: string;
  /** The guide rendered from markdown and sanitized by the caller. */
  html: string;
  sections: { id: string; text: string }[];
}

/** A guide from docs/ as a page of the app: its sections listed beside it, each linkable. */
export function HelpPage({ ctx, title, html, sections }: HelpPageProps) {
  return (
    <PageLayout title={title} ctx={ctx}>
      <p class="crumbs">
        <a href="/watches">← Watches</a> · <a href="/watches/new">New watch</a>
      </p>
      <div class="guide">
        <nav class="guide-toc" aria-label="Sections">
          <strong>On this page</strong>
          <ol>
            {sections.map((s) => (
              <li>
                <a href={`#${s.id}`}>{s.text}</a>
              </li>
            ))}
          </ol>
        </nav>
        <article class="prose">{raw(html)}</article>
      </div>
    </PageLayout>
  );
}
