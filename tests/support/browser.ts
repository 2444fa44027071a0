import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** True when Debian's Chromium is installed. CI installs it; a laptop may not have it. */
export const hasChromium = fs.existsSync(CHROMIUM);

if (!hasChromium && process.env.CI) {
  throw new Error(`Browser tests need Debian's chromium at ${CHROMIUM} in CI (apt-get install -y --no-install-recommends chromium)`);
}

/** Launches headless Chromium with the flags this closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
