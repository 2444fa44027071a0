import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** A message as the SMTP peer received it. */
export interface ReceivedMail {
  parsed: ParsedMail;
  envelopeTo: string[];
  authenticatedUser: string | null;
  /** Whether the session was encrypted (implicit TLS or after STARTTLS). */
  secure: boolean;
}

/** A real SMTP server on 127.0.0.1 that parses what it receives. */
export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** How the peer treats recipients and logins. */
export interface SmtpReceiverOptions {
  /** SMTP reply code (e.g. 550, 451) for recipients whose address starts with "reject". */
  rejectCode?: number;
  /** When set, AUTH succeeds only with these credentials (535 otherwise). */
  credentials?: { user: string; pass: string };
  /**
   * `plain` (default): no STARTTLS offered; `starttls`: offers STARTTLS; `implicit`: TLS from
   * the first byte (smtps). Both TLS modes use a self-signed certificate for localhost and
   * 127.0.0.1 (testdata/smtp-test-*.pem, made with `openssl req -x509 -newkey ec
   * -days 36500 -subj /CN=localhost`; a test key, not a secret).
   */
  tls?: 'plain' | 'starttls' | 'implicit';
}

const certificate = () => ({
  key: readFileSync(new URL('./smtp-test-key.pem', import.meta.url)),
  cert: readFileSync(new URL('./smtp-test-cert.pem', import.meta.url)),
});

/** Starts the peer on an ephemeral port. */
export async function startSmtpReceiver(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const tls = options.tls ?? 'plain';
  const server = new SMTPServer({
    ...(tls === 'plain' ? { disabledCommands: ['STARTTLS'] } : certificate()),
    secure: tls === 'implicit',
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const expected = options.credentials;
      if (expected && auth.username === expected.user && auth.password === expected.pass) return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (options.rejectCode && address.address.startsWith('reject')) {
        return callback(Object.assign(new Error(`Mailbox ${address.address} unavailable`), { responseCode: options.rejectCode }));
      }
      return callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            parsed,
            envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
            authenticatedUser: typeof session.user === 'string' ? session.user : null,
            secure: session.secure,
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
