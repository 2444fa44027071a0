import type { AlertPayload, AlertStory } from '@newswatch/db';
import { fieldSpans, formatUtc, formatWindow, oneLine, pluralize, safeHttpUrl, truncate, unshownTerms, watchNames } from '../render/alert-facts';
import { renderHighlighted } from '../render/highlight';
import type { PresetContext } from './preset-sender';

/*
 * Microsoft Teams: an Adaptive Card wrapped in a message, the format both the Workflows
 * "Post to a channel when a webhook request is received" template and the older Incoming
 * Webhook connector accept (msteams-docs, "Send Adaptive Cards using an Incoming Webhook";
 * Office 365 connectors are being retired in favour of Workflows). Version 1.4 renders on
 * desktop, web and mobile. TextBlock text supports a Markdown subset (**bold**, [label](url));
 * HTML is shown as plain text, so feed text needs no escaping.
 */
const CARD_VERSION = '1.4';
const MAX_DIGEST_STORIES = 20;

/** The Adaptive Card elements this preset uses. */
export type AdaptiveElement =
  | { type: 'TextBlock'; text: string; wrap: true; size?: 'Small' | 'Medium' | 'Large'; weight?: 'Bolder'; isSubtle?: boolean; spacing?: 'Medium' }
  | { type: 'FactSet'; facts: { title: string; value: string }[] }
  | { type: 'Container'; separator: true; spacing: 'Medium'; items: AdaptiveElement[] };

/** The JSON posted to a Teams Workflows (or legacy incoming-webhook) URL. */
export interface TeamsMessage {
  type: 'message';
  attachments: {
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
      type: 'AdaptiveCard';
      version: string;
      msteams: { width: 'Full' };
      body: AdaptiveElement[];
      actions: { type: 'Action.OpenUrl'; title: string; url: string }[];
    };
  }[];
}

const teamsHighlight = { escape: (run: string) => run, mark: (run: string) => `**${run}**` };

/** Renders an alert as a Teams Adaptive Card message: matched words in **bold**, buttons to the story and the dashboard. */
export function renderTeamsMessage(payload: AlertPayload, context: PresetContext): TeamsMessage {
  if (payload.type === 'test') {
    return card([text(payload.message), text(`Test alert from newswatch for the channel “${context.channelName}”.`, { isSubtle: true, size: 'Small' })], []);
  }
  if (payload.type === 'feed.failing') {
    return card([text('Feed failing', { size: 'Large' }), text(payload.message), text(payload.feedUrl, { isSubtle: true, size: 'Small' })], []);
  }
  if (payload.type === 'watch.spike') {
    const body: AdaptiveElement[] = [text('Spike', { size: 'Large' }), text(payload.message)];
    for (const story of payload.stories) {
      const link = safeHttpUrl(story.dashboardUrl) ?? safeHttpUrl(story.url);
      const title = truncate(oneLine(story.title), 300);
      body.push(text(`${link ? `[${title}](${link})` : title}${story.feedTitle ? ` · ${story.feedTitle}` : ''}`, { size: 'Small' }));
    }
    const dashboard = safeHttpUrl(payload.dashboardUrl);
    return card(body, dashboard ? [openUrl('Open the watch in newswatch', dashboard)] : []);
  }
  if (payload.type === 'story.matched') {
    const story = payload.story;
    const actions = [];
    const dashboard = safeHttpUrl(story.dashboardUrl);
    const source = safeHttpUrl(story.url);
    if (dashboard) actions.push(openUrl('Open in newswatch', dashboard));
    if (source) actions.push(openUrl('Read the story', source));
    const body: AdaptiveElement[] = [
      text(`${watchNames(story).join(', ')} matched a story`, { isSubtle: true, size: 'Small' }),
      text(titleMarkdown(story), { size: 'Large' }),
    ];
    if (story.summary) body.push(text(renderHighlighted(story.summary, fieldSpans(story, 'summary'), teamsHighlight)));
    body.push({ type: 'FactSet', facts: facts(story) });
    return card(body, actions);
  }
  const body: AdaptiveElement[] = [
    text(`Digest: ${pluralize(payload.stories.length, 'story', 'stories')}, ${formatWindow(payload.windowStart, payload.windowEnd)}`, {
      size: 'Medium',
      weight: 'Bolder',
    }),
  ];
  for (const story of payload.stories.slice(0, MAX_DIGEST_STORIES)) {
    const source = safeHttpUrl(story.url);
    const dashboard = safeHttpUrl(story.dashboardUrl);
    const links = [dashboard ? `[Open in newswatch](${dashboard})` : null, source ? `[Read the story](${source})` : null].filter(Boolean);
    const meta = [story.feedTitle, formatUtc(story.publishedAt), pluralize(story.sourcesCount, 'source', 'sources'), watchNames(story).join(', ')]
      .filter(Boolean)
      .join(' · ');
    const items = [text(titleMarkdown(story)), text(meta, { isSubtle: true, size: 'Small' })];
    if (links.length > 0) items.push(text(links.join(' · '), { size: 'Small' }));
    body.push({ type: 'Container', separator: true, spacing: 'Medium', items });
  }
  const hidden = payload.stories.length - MAX_DIGEST_STORIES;
  const dashboard = safeHttpUrl(context.publicUrl);
  if (hidden > 0) body.push(text(`…and ${pluralize(hidden, 'more story', 'more stories')}`, { isSubtle: true }));
  return card(body, dashboard ? [openUrl('Open newswatch', dashboard)] : []);
}

/**
 * Legacy Teams connectors answer HTTP 200 even when throttled, with the real status in the
 * body ("Microsoft Teams endpoint returned HTTP error 429 …"): such a body is a failure.
 */
export function checkTeamsResponseBody(bodyText: string): string | null {
  return /returned HTTP error \d{3}/i.test(bodyText) ? `HTTP 200 OK with an error in the body: ${oneLine(bodyText).slice(0, 200)}` : null;
}

function titleMarkdown(story: AlertStory): string {
  return renderHighlighted(truncate(oneLine(story.title), 500), fieldSpans(story, 'title'), teamsHighlight);
}

function facts(story: AlertStory): { title: string; value: string }[] {
  const list = [
    { title: 'Source', value: story.feedTitle ?? '' },
    { title: 'Published', value: formatUtc(story.publishedAt) },
    { title: 'Outlets', value: String(story.sourcesCount) },
    { title: 'Also matched', value: unshownTerms(story).join(', ') },
  ];
  return list.filter((fact) => fact.value !== '');
}

function text(value: string, style: Omit<Extract<AdaptiveElement, { type: 'TextBlock' }>, 'type' | 'text' | 'wrap'> = {}): AdaptiveElement {
  return { type: 'TextBlock', text: value, wrap: true, ...style };
}

function openUrl(title: string, url: string): { type: 'Action.OpenUrl'; title: string; url: string } {
  return { type: 'Action.OpenUrl', title, url };
}

function card(body: AdaptiveElement[], actions: TeamsMessage['attachments'][number]['content']['actions']): TeamsMessage {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: CARD_VERSION,
          msteams: { width: 'Full' },
          body,
          actions,
        },
      },
    ],
  };
}
