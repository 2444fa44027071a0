import { describe, expect, it } from 'vitest';
import { renderDiscordMessage } from '../channels/discord';
import { renderSlackMessage } from '../channels/slack';
import { renderTeamsMessage } from '../channels/teams';
import { renderWebhookBody } from '../channels/webhook';
import { renderEmailHtml } from './email-html';
import { renderEmailSubject } from './email-subject';
import { renderEmailText } from './email-text';
import { spikeAlert } from './testdata/alert-payloads';

const context = { publicUrl: 'https://watch.example.org', channelName: 'Desk' };

describe('spike alerts in every format', () => {
  it('Slack: the sentence and the stories, mrkdwn escaped so the name pings no one', () => {
    const message = renderSlackMessage(spikeAlert(), context);
    const text = JSON.stringify(message);
    expect(message.text).toContain('14 matches in the last hour');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('<https://watch.example.org/stories/41|Shells &lt;b&gt;shipped&lt;/b&gt; by rail>');
    expect(text).toContain('<https://watch.example.org/?watch=2|Open the watch in newswatch>');
  });

  it('Discord: no mentions, the stories as links in one embed', () => {
    const message = renderDiscordMessage(spikeAlert(), context);
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.content).toContain('**Spike**');
    expect(message.content).toContain('\\<!channel\\>');
    expect(message.embeds[0]!.description).toContain('(https://watch.example.org/stories/41)');
  });

  it('Teams: a card with the sentence and a button to the watch', () => {
    const message = renderTeamsMessage(spikeAlert(), context);
    const card = message.attachments[0]!.content;
    expect(card.body.some((e) => e.type === 'TextBlock' && e.text.includes('14 matches in the last hour'))).toBe(true);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open the watch in newswatch', url: 'https://watch.example.org/?watch=2' }]);
  });

  it('email: subject, text and escaped HTML', () => {
    expect(renderEmailSubject(spikeAlert())).toBe('[newswatch] Spike: Arms <!channel> @everyone & co, 14 in the last hour');
    const text = renderEmailText(spikeAlert(), context);
    expect(text).toContain('- Shells <b>shipped</b> by rail (Wire)\n  https://watch.example.org/stories/41');
    expect(text).toContain('- Second report');
    const html = renderEmailHtml(spikeAlert(), context);
    expect(html).toContain('Spike: Arms &lt;!channel&gt; @everyone &amp; co');
    expect(html).not.toContain('<b>shipped</b>');
  });

  it('JSON webhook: the payload as the envelope’s data', () => {
    const body = JSON.parse(renderWebhookBody(spikeAlert(), 1_700_000_000));
    expect(body.type).toBe('watch.spike');
    expect(body.data).toMatchObject({ watchId: 2, window: 'hour', count: 14, baseline: 2, factor: 3 });
  });
});
