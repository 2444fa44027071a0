import type { AlertPayload, AlertStory } from '@newswatch/db';
import { fieldSpans, formatWindow, oneLine, pluralize, safeHttpUrl, truncate, unshownTerms, watchNames } from '../render/alert-facts';
import { renderHighlighted } from '../render/highlight';
import type { PresetContext } from './preset-sender';

/*
 * Discord "Execute Webhook" (discord.com/developers/docs/resources/webhook#execute-webhook) and
 * the embed limits (…/resources/message#embed-object-embed-limits): content 2000 characters,
 * at most 10 embeds, title 256, description 4096, footer 2048, field value 1024, and 6000
 * characters across all embeds of a message. `allowed_mentions: {parse: []}` keeps a headline
 * containing "@everyone" from pinging anyone.
 */
export const DISCORD_LIMITS = { content: 2000, embeds: 10, title: 256, description: 4096, footer: 2048, fieldValue: 1024, total: 6000 };
const EMBED_COLOR = 0x1a4fa0;
/** A digest shows up to 10 stories; shorter ledes keep ten of them under the 6000 total. */
const DIGEST_SUMMARY_CHARS = 280;

/** One Discord embed as this preset fills it. */
export interface DiscordEmbed {
  title: string;
  url?: string;
  description?: string;
  color: number;
  timestamp?: string;
  footer?: { text: string };
  fields?: { name: string; value: string; inline: boolean }[];
}

/** The JSON posted to a Discord webhook URL. */
export interface DiscordMessage {
  content: string;
  embeds: DiscordEmbed[];
  allowed_mentions: { parse: never[] };
}

/** Backslash-escapes Discord markdown so feed text is shown, not interpreted. */
export function escapeDiscord(text: string): string {
  return text.replace(/[\\*_~`|[\]<>#]/g, (char) => `\\${char}`);
}

const discordHighlight = { escape: escapeDiscord, mark: (run: string) => `**${run}**` };

/** Renders an alert as a Discord message: one embed per story, matched words in **bold**. */
export function renderDiscordMessage(payload: AlertPayload, context: PresetContext): DiscordMessage {
  if (payload.type === 'test') {
    return message(`${escapeDiscord(payload.message)}\n-# Test alert from newswatch for the channel “${escapeDiscord(context.channelName)}”.`, []);
  }
  if (payload.type === 'feed.failing') {
    return message(`**Feed failing**\n${escapeDiscord(payload.message)}\n-# ${escapeDiscord(payload.feedUrl)}`, []);
  }
  if (payload.type === 'watch.spike') {
    const lines = payload.stories.map((story) => {
      const link = safeHttpUrl(story.dashboardUrl) ?? safeHttpUrl(story.url);
      const title = escapeDiscord(truncate(oneLine(story.title), 200));
      return `• ${link ? `[${title}](${link})` : title}${story.feedTitle ? ` · ${escapeDiscord(story.feedTitle)}` : ''}`;
    });
    const dashboard = safeHttpUrl(payload.dashboardUrl);
    if (dashboard) lines.push(`[Open the watch in newswatch](${dashboard})`);
    const embeds: DiscordEmbed[] = lines.length
      ? [
          {
            title: truncate(`Newest of ${payload.watchName}`, DISCORD_LIMITS.title),
            color: EMBED_COLOR,
            description: truncate(lines.join('\n'), DISCORD_LIMITS.description),
          },
        ]
      : [];
    return message(`**Spike**\n${escapeDiscord(payload.message)}`, embeds);
  }
  if (payload.type === 'story.matched') {
    const story = payload.story;
    const content = `**${escapeDiscord(watchNames(story).join(', '))}** matched a story carried by ${pluralize(story.sourcesCount, 'source', 'sources')}`;
    return message(content, [storyEmbed(story, DISCORD_LIMITS.description - 500, true)]);
  }
  const heading = `**Digest: ${pluralize(payload.stories.length, 'story', 'stories')}**, ${formatWindow(payload.windowStart, payload.windowEnd)}`;
  const embeds: DiscordEmbed[] = [];
  let total = 0;
  for (const story of payload.stories.slice(0, DISCORD_LIMITS.embeds)) {
    const embed = storyEmbed(story, DIGEST_SUMMARY_CHARS, false);
    const size = embedSize(embed);
    if (total + size > DISCORD_LIMITS.total) break;
    embeds.push(embed);
    total += size;
  }
  const hidden = payload.stories.length - embeds.length;
  const dashboard = safeHttpUrl(context.publicUrl);
  const more = hidden > 0 ? `\n…and ${pluralize(hidden, 'more story', 'more stories')}${dashboard ? ` in <${dashboard}>` : ''}` : '';
  return message(heading + more, embeds);
}

function storyEmbed(story: AlertStory, summaryChars: number, withFields: boolean): DiscordEmbed {
  const link = safeHttpUrl(story.url) ?? safeHttpUrl(story.dashboardUrl);
  const lines: string[] = [];
  const title = oneLine(story.title);
  if (fieldSpans(story, 'title').length > 0) {
    // Embed titles are plain text: the highlighted title leads the description instead.
    lines.push(renderHighlighted(truncate(title, 500), fieldSpans(story, 'title'), discordHighlight));
  }
  if (story.summary) lines.push(renderHighlighted(truncate(story.summary, summaryChars), fieldSpans(story, 'summary'), discordHighlight));
  const dashboard = safeHttpUrl(story.dashboardUrl);
  if (dashboard) lines.push(`[Open in newswatch](${dashboard})`);
  const embed: DiscordEmbed = {
    title: truncate(title, DISCORD_LIMITS.title),
    color: EMBED_COLOR,
    description: truncate(lines.join('\n\n'), DISCORD_LIMITS.description),
    footer: { text: truncate([story.feedTitle, pluralize(story.sourcesCount, 'source', 'sources')].filter(Boolean).join(' · '), 200) },
  };
  if (link) embed.url = link;
  if (!Number.isNaN(Date.parse(story.publishedAt))) embed.timestamp = new Date(story.publishedAt).toISOString();
  if (withFields) {
    embed.fields = [{ name: 'Watches', value: truncate(escapeDiscord(watchNames(story).join(', ')), DISCORD_LIMITS.fieldValue), inline: true }];
    const terms = unshownTerms(story);
    if (terms.length > 0) {
      embed.fields.push({ name: 'Also matched', value: truncate(escapeDiscord(terms.join(', ')), DISCORD_LIMITS.fieldValue), inline: true });
    }
  } else {
    embed.footer = { text: truncate(`${embed.footer?.text ?? ''} · ${watchNames(story).join(', ')}`, 200) };
  }
  return embed;
}

/** The characters Discord counts toward the 6000 limit of all embeds in a message. */
function embedSize(embed: DiscordEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  return embed.title.length + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + fields;
}

function message(content: string, embeds: DiscordEmbed[]): DiscordMessage {
  return { content: truncate(content, DISCORD_LIMITS.content), embeds, allowed_mentions: { parse: [] } };
}
