import { raw } from 'hono/html';
import { Highlighted, type TextSpan } from '../components/highlighted';
import { RelativeTime } from '../components/relative-time';
import { PageLayout } from '../layouts/page-layout';
import type { PageContext } from '../view-models';

export interface StoryPageProps {
  ctx: PageContext;
  story: {
    id: number;
    title: string;
    url: string | null;
    author: string | null;
    feedTitle: string | null;
    publishedAt: Date;
    state: string;
    titleSpans: TextSpan[];
    /** Sanitized at ingest; rendered as HTML. */
    contentHtml: string;
    summary: string;
  };
  matches: { watchId: number; watchName: string; passages: { field: string; text: string; spans: TextSpan[] }[] }[];
  /** Every story of its cluster, earliest first: the event's coverage, outlet by outlet. */
  outlets: { id: number; title: string; url: string | null; feedId: number; feedTitle: string | null; publishedAt: Date }[];
}

const STATES = ['new', 'reviewed', 'starred', 'dismissed'];

/** One story: highlighted matches per watch, every outlet in its cluster, triage. */
export function StoryPage({ ctx, story, matches, outlets }: StoryPageProps) {
  const outletCount = new Set(outlets.map((o) => o.feedId)).size;
  return (
    <PageLayout title={story.title} ctx={ctx}>
      <p class="crumbs">
        <a href="/">← Stories</a>
      </p>
      <article class="story-full">
        <div class="story-meta">
          <span class="source">{story.feedTitle ?? 'Unknown source'}</span>
          {story.author ? <span>by {story.author}</span> : null}
          <RelativeTime date={story.publishedAt} />
        </div>
        <h1>
          <Highlighted text={story.title} spans={story.titleSpans} />
        </h1>
        <form class="triage" method="post" action={`/stories/${story.id}/state`}>
          <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
          {STATES.map((s) => (
            <button type="submit" name="state" value={s} class={s === story.state ? 'chip active' : 'chip'} aria-pressed={s === story.state ? 'true' : 'false'}>
              {s}
            </button>
          ))}
          {story.url ? (
            <a class="external" href={story.url} rel="noopener noreferrer nofollow" target="_blank">
              Open original ↗
            </a>
          ) : null}
        </form>
        {matches.length > 0 ? (
          <section class="matches">
            <h2>Why it matched</h2>
            {matches.map((m) => (
              <div class="match">
                <h3>
                  <a href={`/?watch=${m.watchId}`}>{m.watchName}</a>
                </h3>
                {m.passages.map((p) => (
                  <blockquote>
                    <span class="field">{p.field}</span> <Highlighted text={p.text} spans={p.spans} />
                  </blockquote>
                ))}
              </div>
            ))}
          </section>
        ) : null}
        <section class="content">{story.contentHtml ? raw(story.contentHtml) : <p>{story.summary}</p>}</section>
        {outlets.length > 1 ? (
          <section class="outlets" id="cluster-members">
            <h2>
              Coverage: {outletCount} {outletCount === 1 ? 'outlet' : 'outlets'}, {outlets.length} stories
            </h2>
            <table class="members">
              <thead>
                <tr>
                  <th>Published</th>
                  <th>Outlet</th>
                  <th>Headline</th>
                  <th>
                    <span class="visually-hidden">Original</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {outlets.map((o) => (
                  <tr class={o.id === story.id ? 'current' : undefined} data-member-id={String(o.id)}>
                    <td class="when">
                      <RelativeTime date={o.publishedAt} />
                    </td>
                    <td class="outlet">{o.feedTitle ?? 'Unknown source'}</td>
                    <td>{o.id === story.id ? <span aria-current="page">{o.title}</span> : <a href={`/stories/${o.id}`}>{o.title}</a>}</td>
                    <td class="original">
                      {o.url ? (
                        <a href={o.url} rel="noopener noreferrer nofollow" target="_blank">
                          Original ↗
                        </a>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}
      </article>
    </PageLayout>
  );
}
