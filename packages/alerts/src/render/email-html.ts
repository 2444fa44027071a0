import type { AlertPayload, AlertStory } from '@newswatch/db';
import { fieldSpans, formatUtc, formatWindow, oneLine, pluralize, rulesPageUrl, safeHttpUrl, unshownTerms, watchNames } from './alert-facts';
import type { EmailRenderContext } from './email-text';
import { escapeHtml } from './escape-html';
import { renderHighlighted } from './highlight';

/* Mail clients drop <style> blocks and external CSS unpredictably: styles are inline. */
const MARK_STYLE = 'background:#fff3a3;color:inherit;padding:0 1px;';
const markedHtml = { escape: escapeHtml, mark: (run: string) => `<mark style="${MARK_STYLE}">${run}</mark>` };

/**
 * The text/html part: matched words in `<mark>`, every other character of the feed's text
 * escaped, links only to http(s) URLs.
 */
export function renderEmailHtml(payload: AlertPayload, context: EmailRenderContext): string {
  const body: string[] = [];
  if (payload.type === 'test') {
    body.push(`<p>${escapeHtml(payload.message)}</p>`);
    body.push(`<p style="color:#555;">This is a test alert from newswatch for the channel “${escapeHtml(context.channelName)}”.</p>`);
  } else if (payload.type === 'feed.failing') {
    body.push(`<h1 style="font-size:20px;margin:0 0 16px;">Feed failing</h1>`);
    body.push(`<p>${escapeHtml(payload.message)}</p>`);
    body.push(`<p style="color:#555;">${escapeHtml(payload.feedUrl)}</p>`);
  } else if (payload.type === 'watch.spike') {
    body.push(`<h1 style="font-size:20px;margin:0 0 16px;">Spike: ${escapeHtml(payload.watchName)}</h1>`);
    body.push(`<p>${escapeHtml(payload.message)}</p>`);
    if (payload.stories.length > 0) {
      const items = payload.stories.map((story) => {
        const link = safeHttpUrl(story.dashboardUrl) ?? safeHttpUrl(story.url);
        const title = escapeHtml(oneLine(story.title));
        const source = story.feedTitle ? ` <span style="color:#555;">· ${escapeHtml(story.feedTitle)}</span>` : '';
        return `<li>${link ? `<a href="${escapeHtml(link)}" style="color:#1a4fa0;">${title}</a>` : title}${source}</li>`;
      });
      body.push(`<ul style="padding-left:20px;">${items.join('')}</ul>`);
    }
    const dashboard = safeHttpUrl(payload.dashboardUrl);
    if (dashboard) body.push(`<p><a href="${escapeHtml(dashboard)}">Open the watch in newswatch</a></p>`);
  } else if (payload.type === 'story.matched') {
    const story = payload.story;
    body.push(
      `<p style="color:#555;margin:0 0 12px;">${escapeHtml(watchNames(story).join(', '))} matched a story carried by ${pluralize(story.sourcesCount, 'source', 'sources')}.</p>`,
    );
    body.push(storyHtml(story, 'h1'));
  } else {
    body.push(
      `<h1 style="font-size:20px;margin:0 0 16px;">Digest: ${pluralize(payload.stories.length, 'story', 'stories')}, ${escapeHtml(formatWindow(payload.windowStart, payload.windowEnd))}</h1>`,
    );
    for (const story of payload.stories) body.push(storyHtml(story, 'h2'));
  }
  body.push(footerHtml(context));
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>newswatch</title></head>`,
    '<body style="margin:0;padding:16px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a;">',
    '<div style="max-width:640px;margin:0 auto;">',
    ...body,
    '</div></body></html>',
  ].join('\n');
}

function storyHtml(story: AlertStory, heading: 'h1' | 'h2'): string {
  const size = heading === 'h1' ? '20px' : '17px';
  const title = renderHighlighted(oneLine(story.title), fieldSpans(story, 'title'), markedHtml);
  const source = safeHttpUrl(story.url);
  const dashboard = safeHttpUrl(story.dashboardUrl);
  const titleHtml = source ? `<a href="${escapeHtml(source)}" style="color:#1a4fa0;text-decoration:none;">${title}</a>` : title;
  const meta = [story.feedTitle, formatUtc(story.publishedAt), pluralize(story.sourcesCount, 'source', 'sources')]
    .filter((part): part is string => Boolean(part))
    .map(escapeHtml)
    .join(' · ');
  const parts = [
    `<div style="margin:0 0 24px;">`,
    `<${heading} style="font-size:${size};margin:0 0 4px;">${titleHtml}</${heading}>`,
    `<p style="color:#555;font-size:13px;margin:0 0 8px;">${meta}<br>Watches: ${escapeHtml(watchNames(story).join(', '))}</p>`,
  ];
  if (story.summary) {
    const summary = renderHighlighted(story.summary, fieldSpans(story, 'summary'), markedHtml).replace(/\n/g, '<br>');
    parts.push(`<p style="margin:0 0 8px;">${summary}</p>`);
  }
  const terms = unshownTerms(story);
  if (terms.length > 0) {
    parts.push(`<p style="color:#555;font-size:13px;margin:0 0 8px;">Also matched: ${terms.map((term) => markedHtml.mark(escapeHtml(term))).join(', ')}</p>`);
  }
  const links = [
    source ? `<a href="${escapeHtml(source)}">Read the story</a>` : null,
    dashboard ? `<a href="${escapeHtml(dashboard)}">Open in newswatch</a>` : null,
  ].filter(Boolean);
  if (links.length > 0) parts.push(`<p style="margin:0;">${links.join(' · ')}</p>`);
  parts.push('</div>');
  return parts.join('\n');
}

function footerHtml(context: EmailRenderContext): string {
  const dashboard = safeHttpUrl(context.publicUrl);
  const rules = rulesPageUrl(context.publicUrl);
  const lines = [`Sent by newswatch to the channel “${escapeHtml(context.channelName)}”.`];
  if (dashboard) lines.push(`<a href="${escapeHtml(dashboard)}" style="color:#777;">Dashboard</a>`);
  if (rules) lines.push(`<a href="${escapeHtml(rules)}" style="color:#777;">Mute or change the rules that send these alerts</a>`);
  return `<p style="border-top:1px solid #ddd;padding-top:12px;margin-top:24px;color:#777;font-size:12px;">${lines.join('<br>')}</p>`;
}
