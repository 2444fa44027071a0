import type { AlertPayload } from '@newswatch/db';
import type { ChannelSender, DeliveryRequest } from './channel-sender';
import type { HttpClient } from './http-client';

/** What a chat preset needs besides the payload to render a message. */
export interface PresetContext {
  /** The dashboard's public base URL; null when unknown. */
  publicUrl: string | null;
  channelName: string;
}

/** Turns an alert into one chat service's incoming-webhook JSON. */
export type PresetRenderer = (payload: AlertPayload, context: PresetContext) => unknown;

/**
 * A sender for a chat service's incoming webhook (Slack, Discord, Teams). These services do not
 * verify Standard Webhooks signatures, so the body is posted unsigned; the shared HTTP client
 * still applies the timeout, the SSRF guard and readable error texts.
 */
export function createPresetSender(
  http: HttpClient,
  render: PresetRenderer,
  options: { publicUrl: string | null; checkSuccessBody?: (bodyText: string) => string | null },
): ChannelSender {
  return {
    send(request: DeliveryRequest) {
      const body = JSON.stringify(render(request.payload, { publicUrl: options.publicUrl, channelName: request.channel.name }));
      return http.postJson({ url: request.channel.config.url, body, checkSuccessBody: options.checkSuccessBody });
    },
  };
}
