import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { digestAlert, storyAlert, testAlert } from '../render/testdata/alert-payloads';
import type { AlertPayload } from '@newswatch/db';
import type { DeliveryRequest, WebhookFormat } from './channel-sender';
import { DISCORD_LIMITS } from './discord';
import { createChannelSenders, type ChannelSenders } from './registry';
import { reply, startHttpReceiver, type HttpReceiver } from './testdata/http-receiver';

let receiver: HttpReceiver;
let senders: ChannelSenders;

beforeAll(async () => {
  receiver = await startHttpReceiver();
  senders = createChannelSenders({ allowPrivateTargets: true, timeoutMs: 2_000, publicUrl: 'https://watch.example.org' });
});
afterAll(async () => {
  await senders.close();
  await receiver.close();
});
afterEach(() => {
  receiver.requests.length = 0;
});

/** Sends through the registry as the dispatcher would and returns the JSON the service received. */
async function deliver(format: WebhookFormat, payload: AlertPayload) {
  const request: DeliveryRequest = {
    channel: { id: 4, kind: 'webhook', name: 'Newsroom', config: { url: `${receiver.url}/${format}/T000/B000/token`, format }, secret: null },
    payload,
    idempotencyKey: `instant-r5-c9-ch4-${format}`,
  };
  const outcome = await senders.sendDelivery(request);
  const received = receiver.requests.at(-1);
  return { outcome, received, json: JSON.parse(received?.body ?? 'null') };
}

describe('Slack preset', () => {
  it('posts text plus mrkdwn blocks with matched words in *bold* and markup escaped', async () => {
    const { outcome, received, json } = await deliver('slack', storyAlert());
    expect(outcome).toMatchObject({ ok: true, statusCode: 200 });
    expect(received?.headers['webhook-signature']).toBeUndefined();
    expect(json.text).toBe('Kim Jong Un, Arms transfers, UN resolutions: Kim Jong Un 🚆 crosses into Russia for talks on arms &lt;sale&gt; &amp; missiles');
    expect(json.unfurl_links).toBe(false);
    const [heading, summary, context, links] = json.blocks;
    expect(heading).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*Kim Jong Un, Arms transfers, UN resolutions* matched a story carried by 3 sources\n*Kim Jong Un* 🚆 crosses into Russia for talks on *arms &lt;sale&gt;* &amp; missiles',
      },
    });
    expect(summary.text.text).toContain('(*김정은* 위원장이)');
    expect(summary.text.text).toContain('*supplying rockets and missiles 🚀* in breach');
    expect(context).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Example News · 2026-11-28 08:15 UTC · Also matched: Security Council resolution 2397' }],
    });
    expect(links.text.text).toBe(
      '<https://watch.example.org/stories/42|Open in newswatch> · <https://news.example.com/2026/11/28/kim-train-russia?utm_source=rss&amp;x=1|Read the story>',
    );
  });

  it('caps a digest at 20 stories and stays within the block limits', async () => {
    const { json } = await deliver('slack', digestAlert(25));
    expect(json.text).toBe('newswatch digest: 25 stories, 2026-11-28 08:00–09:00 UTC');
    expect(json.blocks.length).toBeLessThanOrEqual(50);
    expect(json.blocks.filter((block: { type: string }) => block.type === 'section')).toHaveLength(21);
    expect(json.blocks.at(-1).elements[0].text).toBe('…and 5 more stories in <https://watch.example.org/|newswatch>');
    for (const block of json.blocks) if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
  });

  it('reports Slack errors with their body', async () => {
    receiver.respond(reply(404, 'channel_not_found'), reply(410, 'channel_is_archived'));
    expect((await deliver('slack', testAlert())).outcome).toMatchObject({ ok: false, permanent: true, error: 'HTTP 404 Not Found: channel_not_found' });
    expect((await deliver('slack', testAlert())).outcome).toMatchObject({ ok: false, permanent: true, error: 'HTTP 410 Gone: channel_is_archived' });
  });
});

describe('Discord preset', () => {
  it('posts content and one embed within Discord limits, pinging no one', async () => {
    receiver.respond(reply(204));
    const { outcome, json } = await deliver('discord', storyAlert({ title: `@everyone ${'Kim Jong Un '.repeat(40)}` }));
    expect(outcome).toMatchObject({ ok: true, statusCode: 204 });
    expect(json.allowed_mentions).toEqual({ parse: [] });
    expect(json.content).toBe('**Kim Jong Un, Arms transfers, UN resolutions** matched a story carried by 3 sources');
    expect(json.embeds).toHaveLength(1);
    const [embed] = json.embeds;
    expect(embed.title.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(embed.title.endsWith('…')).toBe(true);
    expect(embed.url).toBe('https://news.example.com/2026/11/28/kim-train-russia?utm_source=rss&x=1');
    expect(embed.timestamp).toBe('2026-11-28T08:15:00.000Z');
    expect(embed.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(embed.description).toContain('(**김정은** 위원장이)');
    expect(embed.description).toContain('[Open in newswatch](https://watch.example.org/stories/42)');
    expect(embed.fields).toEqual([
      { name: 'Watches', value: 'Kim Jong Un, Arms transfers, UN resolutions', inline: true },
      { name: 'Also matched', value: 'Security Council resolution 2397', inline: true },
    ]);
    expect(embed.footer).toEqual({ text: 'Example News · 3 sources' });
  });

  it('escapes Discord markdown in feed text', async () => {
    const { json } = await deliver('discord', storyAlert());
    expect(json.embeds[0].description.split('\n\n')[0]).toBe('**Kim Jong Un** 🚆 crosses into Russia for talks on **arms \\<sale\\>** & missiles');
  });

  it('sends at most 10 embeds and 6000 characters for a digest, counting the rest', async () => {
    const { json } = await deliver('discord', digestAlert(12));
    expect(json.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
    const total = json.embeds.reduce(
      (sum: number, embed: { title: string; description?: string; footer?: { text: string } }) =>
        sum + embed.title.length + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0),
      0,
    );
    expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    expect(json.content).toContain('**Digest: 12 stories**, 2026-11-28 08:00–09:00 UTC');
    expect(json.content).toContain(`…and ${12 - json.embeds.length} more stories in <https://watch.example.org/>`);
  });

  it('keeps a rate limit retryable with its Retry-After', async () => {
    receiver.respond(reply(429, '{"message":"You are being rate limited.","retry_after":2.5,"global":false}', { 'retry-after': '3' }));
    expect((await deliver('discord', testAlert())).outcome).toMatchObject({ ok: false, statusCode: 429, permanent: false, retryAfterSeconds: 3 });
  });
});

describe('Teams preset', () => {
  it('posts an Adaptive Card message as the Workflows webhook expects', async () => {
    receiver.respond(reply(202));
    const { outcome, json } = await deliver('teams', storyAlert());
    expect(outcome).toMatchObject({ ok: true, statusCode: 202 });
    expect(json.type).toBe('message');
    expect(json.attachments).toHaveLength(1);
    const [attachment] = json.attachments;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.contentUrl).toBeNull();
    const card = attachment.content;
    expect(card).toMatchObject({ $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4' });
    expect(card.body[1]).toEqual({
      type: 'TextBlock',
      text: '**Kim Jong Un** 🚆 crosses into Russia for talks on **arms <sale>** & missiles',
      wrap: true,
      size: 'Large',
    });
    expect(card.body[2].text).toContain('(**김정은** 위원장이)');
    expect(card.body[3]).toEqual({
      type: 'FactSet',
      facts: [
        { title: 'Source', value: 'Example News' },
        { title: 'Published', value: '2026-11-28 08:15 UTC' },
        { title: 'Outlets', value: '3' },
        { title: 'Also matched', value: 'Security Council resolution 2397' },
      ],
    });
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open in newswatch', url: 'https://watch.example.org/stories/42' },
      { type: 'Action.OpenUrl', title: 'Read the story', url: 'https://news.example.com/2026/11/28/kim-train-russia?utm_source=rss&x=1' },
    ]);
  });

  it('renders a digest as one container per story', async () => {
    const { json } = await deliver('teams', digestAlert(3));
    const card = json.attachments[0].content;
    expect(card.body[0].text).toBe('Digest: 3 stories, 2026-11-28 08:00–09:00 UTC');
    expect(card.body.filter((element: { type: string }) => element.type === 'Container')).toHaveLength(3);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open newswatch', url: 'https://watch.example.org/' }]);
  });

  it('treats a legacy connector’s 200 with an embedded error as a retryable failure', async () => {
    receiver.respond(reply(200, 'Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0'));
    const { outcome } = await deliver('teams', testAlert());
    expect(outcome).toMatchObject({ ok: false, statusCode: 200, permanent: false });
    expect(outcome.error).toMatch(/^HTTP 200 OK with an error in the body: .*returned HTTP error 429/);
  });
});

describe('createChannelSenders', () => {
  it('signs only the json format', async () => {
    const request: DeliveryRequest = {
      channel: { id: 5, kind: 'webhook', name: 'Generic', config: { url: `${receiver.url}/generic` }, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
      payload: testAlert(),
      idempotencyKey: 'test-ch5-1',
    };
    expect(await senders.sendDelivery(request)).toMatchObject({ ok: true });
    expect(receiver.requests[0]?.headers['webhook-signature']).toMatch(/^v1,/);
    expect(JSON.parse(receiver.requests[0]?.body ?? '{}').type).toBe('test');
  });

  it('fails unknown kinds and formats permanently', async () => {
    const base: DeliveryRequest = {
      channel: { id: 6, kind: 'webhook', name: 'Odd', config: { url: receiver.url, format: 'mattermost' as WebhookFormat }, secret: null },
      payload: testAlert(),
      idempotencyKey: 'k',
    };
    expect(await senders.sendDelivery(base)).toMatchObject({ ok: false, permanent: true, error: 'unknown webhook format "mattermost"' });
    expect(await senders.sendDelivery({ ...base, channel: { ...base.channel, kind: 'sms' as 'email' } })).toMatchObject({
      ok: false,
      permanent: true,
      error: 'unknown channel kind "sms"',
    });
    expect(receiver.requests).toHaveLength(0);
  });
});
