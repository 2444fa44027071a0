import type { AlertPayload, AlertStory } from '@newswatch/db';
import { fieldSpans, formatUtc, formatWindow, oneLine, pluralize, safeHttpUrl, truncate, unshownTerms, watchNames } from '../render/alert-facts';
import { renderHighlighted } from '../render/highlight';
import type { PresetContext } from './preset-sender';

/*
 * Slack incoming webhooks (docs.slack.dev "Sending messages using incoming webhooks", Block
 * Kit reference): `text` is the notification fallback, `blocks` the layout. Limits: 50 blocks
 * per message, 3000 characters per section text. mrkdwn needs only &, < and > escaped;
 * *word* is bold; links are <url|label>.
 */
const MAX_SECTION_TEXT = 3000;
/** 20 stories + heading, divider and "more" line stay well under the 50-block limit. */
const MAX_DIGEST_STORIES = 20;

/** A Slack mrkdwn text object. */
export interface SlackText {
  type: 'mrkdwn';
  text: string;
}

/** The blocks this preset uses. */
export type SlackBlock = { type: 'section'; text: SlackText } | { type: 'context'; elements: SlackText[] } | { type: 'divider' };

/** The JSON posted to a Slack incoming-webhook URL. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
  unfurl_links: boolean;
}

/** Escapes text for mrkdwn: &, < and > are markup (`<!channel>` would ping everyone). */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const slackHighlight = { escape: escapeSlack, mark: boldSlack };

/** Renders an alert as a Slack message: matched words in *bold*, links to the story and the dashboard. */
export function renderSlackMessage(payload: AlertPayload, context: PresetContext): SlackMessage {
  if (payload.type === 'test') {
    return {
      text: escapeSlack(oneLine(`newswatch test: ${payload.message}`)),
      blocks: [section(escapeSlack(payload.message)), contextBlock(`Test alert from newswatch for the channel “${escapeSlack(context.channelName)}”.`)],
      unfurl_links: false,
    };
  }
  if (payload.type === 'feed.failing') {
    return {
      text: escapeSlack(oneLine(`newswatch: ${payload.message}`)),
      blocks: [section(`*Feed failing*\n${escapeSlack(payload.message)}`), contextBlock(escapeSlack(payload.feedUrl))],
      unfurl_links: false,
    };
  }
  if (payload.type === 'watch.spike') {
    const blocks: SlackBlock[] = [section(`*Spike*\n${escapeSlack(payload.message)}`)];
    const lines = payload.stories.map((story) => {
      const link = safeHttpUrl(story.dashboardUrl) ?? safeHttpUrl(story.url);
      const title = escapeSlack(truncate(oneLine(story.title), 300));
      return `• ${link ? `<${slackUrl(link)}|${title}>` : title}${story.feedTitle ? ` · ${escapeSlack(story.feedTitle)}` : ''}`;
    });
    if (lines.length > 0) blocks.push(section(lines.join('\n')));
    const dashboard = safeHttpUrl(payload.dashboardUrl);
    if (dashboard) blocks.push(contextBlock(`<${slackUrl(dashboard)}|Open the watch in newswatch>`));
    return { text: escapeSlack(oneLine(`newswatch: ${payload.message}`)), blocks, unfurl_links: false };
  }
  if (payload.type === 'story.matched') {
    const story = payload.story;
    const watches = watchNames(story).join(', ');
    const blocks: SlackBlock[] = [
      section(`*${escapeSlack(watches)}* matched a story carried by ${pluralize(story.sourcesCount, 'source', 'sources')}\n${titleLine(story)}`),
    ];
    if (story.summary) blocks.push(section(renderHighlighted(story.summary, fieldSpans(story, 'summary'), slackHighlight)));
    blocks.push(contextBlock(metaLine(story, true)));
    const links = linkLine(story);
    if (links) blocks.push(section(links));
    return { text: escapeSlack(oneLine(`${watches}: ${story.title}`)), blocks, unfurl_links: false };
  }
  const window = formatWindow(payload.windowStart, payload.windowEnd);
  const count = pluralize(payload.stories.length, 'story', 'stories');
  const blocks: SlackBlock[] = [section(`*Digest: ${count}*, ${escapeSlack(window)}`), { type: 'divider' }];
  for (const story of payload.stories.slice(0, MAX_DIGEST_STORIES)) {
    const links = linkLine(story);
    blocks.push(section([titleLine(story), metaLine(story, false), links].filter(Boolean).join('\n')));
  }
  const hidden = payload.stories.length - MAX_DIGEST_STORIES;
  if (hidden > 0) {
    const more = `…and ${pluralize(hidden, 'more story', 'more stories')}`;
    const dashboard = safeHttpUrl(context.publicUrl);
    blocks.push(contextBlock(dashboard ? `${more} in <${slackUrl(dashboard)}|newswatch>` : more));
  }
  return { text: escapeSlack(`newswatch digest: ${count}, ${window}`), blocks, unfurl_links: false };
}

/**
 * Wraps a matched run in *…*. Slack only bolds when the asterisks hug non-space characters,
 * so surrounding spaces stay outside.
 */
function boldSlack(run: string): string {
  const match = /^(\s*)(.*?)(\s*)$/s.exec(run);
  if (!match?.[2]) return run;
  return `${match[1]}*${match[2]}*${match[3]}`;
}

function titleLine(story: AlertStory): string {
  return renderHighlighted(truncate(oneLine(story.title), 500), fieldSpans(story, 'title'), slackHighlight);
}

function metaLine(story: AlertStory, withTerms: boolean): string {
  const parts = [story.feedTitle, formatUtc(story.publishedAt)];
  if (!withTerms) parts.push(`Watches: ${watchNames(story).join(', ')}`);
  const terms = unshownTerms(story);
  if (withTerms && terms.length > 0) parts.push(`Also matched: ${terms.join(', ')}`);
  return parts
    .filter((part): part is string => Boolean(part))
    .map(escapeSlack)
    .join(' · ');
}

function linkLine(story: AlertStory): string {
  const source = safeHttpUrl(story.url);
  const dashboard = safeHttpUrl(story.dashboardUrl);
  return [dashboard ? `<${slackUrl(dashboard)}|Open in newswatch>` : null, source ? `<${slackUrl(source)}|Read the story>` : null].filter(Boolean).join(' · ');
}

/** A URL inside <url|label>: `|` and `>` would end it early, `&` must be escaped like text. */
function slackUrl(url: string): string {
  return escapeSlack(url.replace(/\|/g, '%7C'));
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, MAX_SECTION_TEXT) } };
}

function contextBlock(text: string): SlackBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, MAX_SECTION_TEXT) }] };
}
