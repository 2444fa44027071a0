/**
 * Removes secrets from a message before it is stored or logged: any `user:password@` in a
 * URL, and each given secret verbatim and URL-encoded (an SMTP password may appear either way).
 */
export function redactSecrets(message: string, secrets: readonly (string | null | undefined)[] = []): string {
  let redacted = message.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1***@');
  for (const secret of secrets) {
    if (!secret || secret.length < 3) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      redacted = redacted.split(form).join('***');
    }
  }
  return redacted;
}
