import type { AlertPayload, AlertStory } from '@newswatch/db';
import { renderHighlighted } from './highlight';
import { fieldSpans, formatUtc, formatWindow, oneLine, pluralize, rulesPageUrl, safeHttpUrl, unshownTerms, watchNames } from './alert-facts';

/** What the e-mail bodies need besides the payload. */
export interface EmailRenderContext {
  /** The dashboard's public base URL, for the footer links; null when unknown. */
  publicUrl: string | null;
  channelName: string;
}

/** Plain text has no <mark>: matched words stand out as **word**, as in Markdown. */
const plainText = { escape: (run: string) => run, mark: (run: string) => `**${run}**` };

/** The text/plain part: the same content as the HTML part, readable in any mail client. */
export function renderEmailText(payload: AlertPayload, context: EmailRenderContext): string {
  const lines: string[] = [];
  if (payload.type === 'test') {
    lines.push(payload.message, '', `This is a test alert from newswatch for the channel "${context.channelName}".`);
  } else if (payload.type === 'feed.failing') {
    lines.push(payload.message, '', `Feed: ${payload.feedUrl}`);
  } else if (payload.type === 'watch.spike') {
    lines.push(payload.message, '');
    for (const story of payload.stories) {
      lines.push(`- ${oneLine(story.title)}${story.feedTitle ? ` (${story.feedTitle})` : ''}`);
      const link = safeHttpUrl(story.dashboardUrl) ?? safeHttpUrl(story.url);
      if (link) lines.push(`  ${link}`);
    }
    const dashboard = safeHttpUrl(payload.dashboardUrl);
    if (dashboard) lines.push('', `Open the watch in newswatch: ${dashboard}`);
  } else if (payload.type === 'story.matched') {
    const story = payload.story;
    lines.push(`${watchNames(story).join(', ')} matched a story carried by ${pluralize(story.sourcesCount, 'source', 'sources')}.`, '');
    lines.push(...storyLines(story, ''));
  } else {
    lines.push(`Digest: ${pluralize(payload.stories.length, 'story', 'stories')}, ${formatWindow(payload.windowStart, payload.windowEnd)}`, '');
    payload.stories.forEach((story, index) => {
      const [first = '', ...rest] = storyLines(story, '   ');
      lines.push(`${index + 1}. ${first.trimStart()}`, ...rest, '');
    });
  }
  lines.push(...footerLines(context));
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

function storyLines(story: AlertStory, indent: string): string[] {
  const lines = [indent + renderHighlighted(oneLine(story.title), fieldSpans(story, 'title'), plainText)];
  const meta = [story.feedTitle, formatUtc(story.publishedAt), pluralize(story.sourcesCount, 'source', 'sources')].filter(Boolean);
  lines.push(`${indent}${meta.join(' · ')}`);
  lines.push(`${indent}Watches: ${watchNames(story).join(', ')}`);
  if (story.summary) lines.push('', indent + renderHighlighted(story.summary, fieldSpans(story, 'summary'), plainText));
  const terms = unshownTerms(story);
  if (terms.length > 0) lines.push('', `${indent}Also matched: ${terms.join(', ')}`);
  const source = safeHttpUrl(story.url);
  const dashboard = safeHttpUrl(story.dashboardUrl);
  if (source || dashboard) lines.push('');
  if (source) lines.push(`${indent}Read the story: ${source}`);
  if (dashboard) lines.push(`${indent}Open in newswatch: ${dashboard}`);
  return lines;
}

function footerLines(context: EmailRenderContext): string[] {
  const lines = ['', '--', `Sent by newswatch to the channel "${context.channelName}".`];
  const dashboard = safeHttpUrl(context.publicUrl);
  const rules = rulesPageUrl(context.publicUrl);
  if (dashboard) lines.push(`Dashboard: ${dashboard}`);
  if (rules) lines.push(`Mute or change the rules that send these alerts: ${rules}`);
  return lines;
}
