#!/usr/bin/env node
// Production runs the build (packages/cli/dist/main.js, plain JavaScript). In a checkout with
// sources, that build is used only while it matches them; otherwise the TypeScript sources
// run through tsx, so a command never runs code older than what is on disk.
import fs from 'node:fs';

const dist = new URL('../dist/main.js', import.meta.url);
const hasSources = fs.existsSync(new URL('../src/main.ts', import.meta.url));
const useDist = hasSources ? (await import('../../../scripts/build-freshness.mjs')).buildFreshness().current : true;

if (useDist) {
  await import(dist.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
