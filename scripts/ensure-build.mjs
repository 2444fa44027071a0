#!/usr/bin/env node
/** Builds packages/cli/dist unless it is the build of the current sources (`pnpm start` runs this first). */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { buildFreshness, repoRoot } from './build-freshness.mjs';

const freshness = buildFreshness();
if (!freshness.current) {
  console.log(`Building newswatch: ${freshness.reason}.`);
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build.mjs')], { stdio: 'inherit' });
}
