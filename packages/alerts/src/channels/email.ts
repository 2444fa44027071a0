import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { rulesPageUrl } from '../render/alert-facts';
import { renderEmailHtml } from '../render/email-html';
import { renderEmailSubject } from '../render/email-subject';
import { renderEmailText } from '../render/email-text';
import type { ChannelSender, DeliveryRequest, DeliveryOutcome } from './channel-sender';
import { deliveredOutcome, failedOutcome } from './delivery-outcome';
import { redactSecrets } from './redact';

/** Settings of the e-mail channel (from `SMTP_URL`, `ALERT_FROM`, `PUBLIC_URL`). */
export interface EmailSenderOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when the server offers it) or `smtps://…:465` (TLS). */
  smtpUrl: string | null | undefined;
  alertFrom: string | undefined;
  publicUrl: string | null | undefined;
  /** Connection timeout; greeting and socket timeouts are at least 30 s (servers may delay the greeting). */
  timeoutMs: number;
  logger?: Logger | undefined;
}

const DEFAULT_FROM = 'newswatch <newswatch@localhost>';
const MIN_SMTP_IDLE_TIMEOUT_MS = 30_000;
const WRONG_TLS_MODE = 'TLS handshake failed: the server does not speak TLS on this port; use smtp:// (STARTTLS) for ports 25 and 587, smtps:// for 465';

/** Errors nodemailer raises carry the SMTP conversation's details. */
interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * The Message-ID of a delivery, derived from its idempotency key: a resend after a crash
 * carries the same id, so mail clients and archives can recognise the duplicate.
 */
export function deliveryMessageId(idempotencyKey: string, alertFrom: string | undefined): string {
  const domain = /@([^\s@>]+)>?\s*$/.exec(alertFrom ?? '')?.[1] ?? 'newswatch.invalid';
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<${digest}.alert@${domain}>`;
}

/**
 * Sends alerts by SMTP through nodemailer: a text and an HTML part, `X-Newswatch-Delivery`
 * and a deterministic Message-ID for deduplication, and `List-Unsubscribe` pointing at the
 * dashboard rules page (a link only: there is no one-click endpoint, so no
 * `List-Unsubscribe-Post`). SMTP 5xx on the envelope or message is permanent; 4xx,
 * connection errors and authentication failures are retried, because a wrong SMTP password
 * is fixed once by the operator and should not kill every queued alert.
 */
export function createEmailSender(options: EmailSenderOptions): ChannelSender {
  const password = smtpPassword(options.smtpUrl);
  const transport = options.smtpUrl
    ? nodemailer.createTransport({
        url: options.smtpUrl,
        connectionTimeout: options.timeoutMs,
        greetingTimeout: Math.max(options.timeoutMs, MIN_SMTP_IDLE_TIMEOUT_MS),
        socketTimeout: Math.max(options.timeoutMs, MIN_SMTP_IDLE_TIMEOUT_MS),
        disableFileAccess: true,
        disableUrlAccess: true,
        logger: false,
      })
    : null;

  return {
    async send(request: DeliveryRequest): Promise<DeliveryOutcome> {
      const startedAt = performance.now();
      const recipients = (request.channel.config.to ?? []).map((address) => address.trim()).filter(Boolean);
      if (recipients.length === 0) return failedOutcome({ error: 'channel has no recipients', permanent: true }, startedAt);
      if (!transport) return failedOutcome({ error: 'SMTP_URL is not set: e-mail alerts cannot be sent' }, startedAt);

      const context = { publicUrl: options.publicUrl ?? null, channelName: request.channel.name };
      const unsubscribe = rulesPageUrl(options.publicUrl);
      const headers: Record<string, string> = {
        'X-Newswatch-Delivery': request.idempotencyKey.replace(/[\r\n]/g, ''),
        // RFC 3834: tells auto-responders (vacation replies) not to answer.
        'Auto-Submitted': 'auto-generated',
      };
      if (unsubscribe) headers['List-Unsubscribe'] = `<${unsubscribe}>`;
      try {
        const info = await transport.sendMail({
          from: options.alertFrom ?? DEFAULT_FROM,
          to: recipients,
          subject: renderEmailSubject(request.payload),
          text: renderEmailText(request.payload, context),
          html: renderEmailHtml(request.payload, context),
          messageId: deliveryMessageId(request.idempotencyKey, options.alertFrom),
          headers,
        });
        const rejected = (info.rejected ?? []).map(String);
        if (rejected.length > 0) {
          options.logger?.warn({ channel_id: request.channel.id, rejected }, 'Some alert recipients were rejected');
        }
        options.logger?.debug({ channel_id: request.channel.id, message_id: info.messageId }, 'Alert e-mail sent');
        return deliveredOutcome(smtpReplyCode(info.response), startedAt);
      } catch (error) {
        return smtpFailure(error as SmtpError, password, startedAt);
      }
    },
  };
}

function smtpFailure(error: SmtpError, password: string | null, startedAt: number): DeliveryOutcome {
  if (/wrong version number/i.test(error.message)) {
    // OpenSSL's wording for "the peer answered in plain text" helps nobody.
    return failedOutcome({ error: WRONG_TLS_MODE }, startedAt);
  }
  const code = typeof error.responseCode === 'number' ? error.responseCode : null;
  const detail = redactSecrets(
    code !== null && error.response ? `SMTP ${code === smtpReplyCode(error.response) ? error.response : `${code} ${error.response}`}` : error.message,
    [password],
  );
  const permanent = code !== null && code >= 500 && error.code !== 'EAUTH';
  return failedOutcome({ error: detail.replace(/\s+/g, ' ').trim(), statusCode: code, permanent }, startedAt);
}

function smtpReplyCode(response: string | undefined): number | null {
  const code = /^(\d{3})\b/.exec(response ?? '')?.[1];
  return code ? Number(code) : null;
}

function smtpPassword(smtpUrl: string | null | undefined): string | null {
  if (!smtpUrl) return null;
  try {
    const password = new URL(smtpUrl).password;
    return password ? decodeURIComponent(password) : null;
  } catch {
    return null;
  }
}
