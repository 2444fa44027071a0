import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestAlert, storyAlert } from '../render/testdata/alert-payloads';
import type { DeliveryRequest } from './channel-sender';
import { createEmailSender, deliveryMessageId } from './email';
import { closedPort } from './testdata/http-receiver';
import { startSmtpReceiver, type ReceivedMail, type SmtpReceiver } from './testdata/smtp-receiver';

const PASSWORD = 's3cret/pa ss';
const alertFrom = 'newswatch alerts <alerts@watch.example.org>';
const publicUrl = 'https://watch.example.org';

let peer: SmtpReceiver;

beforeAll(async () => {
  peer = await startSmtpReceiver({ rejectCode: 550, credentials: { user: 'alice', pass: PASSWORD } });
});
afterAll(async () => {
  await peer.close();
});

function smtpUrl(port: number, password = PASSWORD): string {
  return `smtp://alice:${encodeURIComponent(password)}@127.0.0.1:${port}`;
}

function request(to: string[], overrides: Partial<DeliveryRequest> = {}): DeliveryRequest {
  return {
    channel: { id: 2, kind: 'email', name: 'Korea desk', config: { to }, secret: null },
    payload: storyAlert(),
    idempotencyKey: 'instant-r5-c9-ch2',
    ...overrides,
  };
}

function header(mail: ReceivedMail, key: string): string | undefined {
  return mail.parsed.headerLines.find((line) => line.key === key)?.line.replace(/^[^:]+:\s*/, '');
}

describe('email sender', () => {
  it('delivers a text and an HTML part with highlights, links and dedup headers', async () => {
    const sender = createEmailSender({ smtpUrl: smtpUrl(peer.port), alertFrom, publicUrl, timeoutMs: 5_000 });
    const outcome = await sender.send(request(['analyst@example.com', 'desk@example.com']));
    expect(outcome).toMatchObject({ ok: true, statusCode: 250, error: null, permanent: false });

    const mail = peer.mails.at(-1);
    expect(mail?.authenticatedUser).toBe('alice');
    expect(mail?.envelopeTo).toEqual(['analyst@example.com', 'desk@example.com']);
    const parsed = mail!.parsed;
    expect(parsed.subject).toBe(
      '[newswatch] Kim Jong Un, Arms transfers, UN resolutions: Kim Jong Un 🚆 crosses into Russia for talks on arms <sale> & missiles',
    );
    expect(parsed.from?.value[0]).toMatchObject({ address: 'alerts@watch.example.org', name: 'newswatch alerts' });
    expect(parsed.text).toContain('**Kim Jong Un** 🚆 crosses into Russia');
    expect(parsed.text).toContain('(**김정은** 위원장이)');
    expect(parsed.text).toContain('Open in newswatch: https://watch.example.org/stories/42');
    expect(parsed.html).toMatch(/<mark[^>]*>김정은<\/mark> 위원장이/);
    expect(parsed.html).toMatch(/<mark[^>]*>arms &lt;sale&gt;<\/mark> &amp; missiles/);
    expect(parsed.html).toContain('href="https://watch.example.org/stories/42"');
    expect(parsed.html).not.toContain('<sale>');

    expect(header(mail!, 'list-unsubscribe')).toBe('<https://watch.example.org/rules>');
    expect(header(mail!, 'list-unsubscribe-post')).toBeUndefined();
    expect(header(mail!, 'x-newswatch-delivery')).toBe('instant-r5-c9-ch2');
    expect(header(mail!, 'auto-submitted')).toBe('auto-generated');
    expect(parsed.messageId).toBe(deliveryMessageId('instant-r5-c9-ch2', alertFrom));
    expect(parsed.messageId).toMatch(/^<[0-9a-f]{32}\.alert@watch\.example\.org>$/);
  });

  it('gives a resend the same Message-ID and another delivery a different one', async () => {
    const sender = createEmailSender({ smtpUrl: smtpUrl(peer.port), alertFrom, publicUrl, timeoutMs: 5_000 });
    await sender.send(request(['analyst@example.com']));
    await sender.send(request(['analyst@example.com']));
    await sender.send(request(['analyst@example.com'], { idempotencyKey: 'instant-r5-c10-ch2' }));
    const ids = peer.mails.slice(-3).map((mail) => mail.parsed.messageId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('titles a digest with its story count and window', async () => {
    const sender = createEmailSender({ smtpUrl: smtpUrl(peer.port), alertFrom, publicUrl: null, timeoutMs: 5_000 });
    expect(await sender.send(request(['analyst@example.com'], { payload: digestAlert(3), idempotencyKey: 'digest-r6-w1' }))).toMatchObject({ ok: true });
    const mail = peer.mails.at(-1)!;
    expect(mail.parsed.subject).toBe('[newswatch] Digest: 3 stories, 2026-11-28 08:00–09:00 UTC');
    expect(header(mail, 'list-unsubscribe')).toBeUndefined();
  });

  it('fails permanently when the server rejects every recipient with 550', async () => {
    const sender = createEmailSender({ smtpUrl: smtpUrl(peer.port), alertFrom, publicUrl, timeoutMs: 5_000 });
    const outcome = await sender.send(request(['reject-me@example.com']));
    expect(outcome).toMatchObject({ ok: false, statusCode: 550, permanent: true });
    expect(outcome.error).toMatch(/^SMTP 550 Mailbox reject-me@example\.com unavailable/);
  });

  it('still delivers to the accepted recipients when only some are rejected', async () => {
    const sender = createEmailSender({ smtpUrl: smtpUrl(peer.port), alertFrom, publicUrl, timeoutMs: 5_000 });
    const outcome = await sender.send(request(['reject-me@example.com', 'analyst@example.com'], { idempotencyKey: 'partial' }));
    expect(outcome).toMatchObject({ ok: true });
    expect(peer.mails.at(-1)?.envelopeTo).toEqual(['analyst@example.com']);
  });

  it('retries a temporary 451 rejection', async () => {
    const greylisting = await startSmtpReceiver({ rejectCode: 451 });
    try {
      const sender = createEmailSender({ smtpUrl: `smtp://127.0.0.1:${greylisting.port}`, alertFrom, publicUrl, timeoutMs: 5_000 });
      const outcome = await sender.send(request(['reject-later@example.com']));
      expect(outcome).toMatchObject({ ok: false, statusCode: 451, permanent: false });
      expect(outcome.error).toMatch(/^SMTP 451 /);
    } finally {
      await greylisting.close();
    }
  });

  it('reports a server that is down as retryable, without the password', async () => {
    const port = await closedPort();
    const sender = createEmailSender({ smtpUrl: smtpUrl(port), alertFrom, publicUrl, timeoutMs: 5_000 });
    const outcome = await sender.send(request(['analyst@example.com']));
    expect(outcome).toMatchObject({ ok: false, statusCode: null, permanent: false });
    expect(outcome.error).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    expect(outcome.error).not.toContain('s3cret');
  });

  it('keeps an authentication failure retryable and never shows the password', async () => {
    const sender = createEmailSender({ smtpUrl: smtpUrl(peer.port, 'wrong-s3cret'), alertFrom, publicUrl, timeoutMs: 5_000 });
    const outcome = await sender.send(request(['analyst@example.com']));
    expect(outcome).toMatchObject({ ok: false, statusCode: 535, permanent: false });
    expect(outcome.error).toMatch(/^SMTP 535 /);
    expect(outcome.error).not.toContain('wrong-s3cret');
  });

  it('upgrades with STARTTLS when offered (smtp://) and speaks TLS from the start with smtps://', async () => {
    const starttls = await startSmtpReceiver({ tls: 'starttls' });
    const implicit = await startSmtpReceiver({ tls: 'implicit' });
    try {
      // The test certificate is self-signed; nodemailer takes TLS options from the URL query.
      const upgraded = createEmailSender({ smtpUrl: `smtp://127.0.0.1:${starttls.port}?tls.rejectUnauthorized=false`, alertFrom, publicUrl, timeoutMs: 5_000 });
      expect(await upgraded.send(request(['analyst@example.com']))).toMatchObject({ ok: true });
      expect(starttls.mails[0]?.secure).toBe(true);

      const strict = createEmailSender({ smtpUrl: `smtp://127.0.0.1:${starttls.port}`, alertFrom, publicUrl, timeoutMs: 5_000 });
      const refused = await strict.send(request(['analyst@example.com']));
      expect(refused).toMatchObject({ ok: false, permanent: false });
      expect(refused.error).toMatch(/self[- ]signed certificate/);

      const tlsFromStart = createEmailSender({
        smtpUrl: `smtps://127.0.0.1:${implicit.port}?tls.rejectUnauthorized=false`,
        alertFrom,
        publicUrl,
        timeoutMs: 5_000,
      });
      expect(await tlsFromStart.send(request(['analyst@example.com']))).toMatchObject({ ok: true });
      expect(implicit.mails[0]?.secure).toBe(true);
    } finally {
      await starttls.close();
      await implicit.close();
    }
  });

  it('explains smtps:// pointed at a plain SMTP port', async () => {
    const sender = createEmailSender({ smtpUrl: smtpUrl(peer.port).replace('smtp://', 'smtps://'), alertFrom, publicUrl, timeoutMs: 5_000 });
    const outcome = await sender.send(request(['analyst@example.com']));
    expect(outcome).toMatchObject({ ok: false, permanent: false });
    expect(outcome.error).toBe(
      'TLS handshake failed: the server does not speak TLS on this port; use smtp:// (STARTTLS) for ports 25 and 587, smtps:// for 465',
    );
  });

  it('fails without recipients (permanent) or without SMTP_URL (retryable, fixed by the operator)', async () => {
    const sender = createEmailSender({ smtpUrl: smtpUrl(peer.port), alertFrom, publicUrl, timeoutMs: 5_000 });
    expect(await sender.send(request([' ']))).toMatchObject({ ok: false, permanent: true, error: 'channel has no recipients' });
    const unconfigured = createEmailSender({ smtpUrl: null, alertFrom, publicUrl, timeoutMs: 5_000 });
    expect(await unconfigured.send(request(['analyst@example.com']))).toMatchObject({
      ok: false,
      permanent: false,
      error: 'SMTP_URL is not set: e-mail alerts cannot be sent',
    });
  });
});
