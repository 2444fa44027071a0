/**
 * A connection the SSRF guard refused. The message names the host, the address it would have
 * reached and why that address is not public; it is what a feed's last error or a delivery's
 * log shows, and never contains the URL (a webhook path may carry a token).
 */
export class AddressRefusedError extends Error {
  readonly code = 'ERR_ADDRESS_REFUSED';
  override name = 'AddressRefusedError';

  constructor(
    readonly host: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(host === address ? `refused: ${address} is ${reason}` : `refused: ${host} resolves to ${address}, ${reason}`);
  }
}
