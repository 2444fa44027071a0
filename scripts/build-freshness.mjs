/**
 * Whether packages/cli/dist is the build of the sources as they are now: it exists and no
 * input of the build (the packages' sources, the assets it copies, the build script, the
 * lockfile that pins what gets bundled) changed after it was written. Tests and testdata
 * are not inputs. Used by `pnpm start` (build first when stale) and by the `newswatch` bin
 * (run dist when current, else the sources through tsx).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const distEntry = path.join(repoRoot, 'packages/cli/dist/main.js');

const isTestFile = (name) => /\.test\.tsx?$/.test(name);

/** The newest modification time among the files under `dir`, skipping tests and testdata. */
function newestUnder(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'testdata' && entry.name !== 'node_modules') newest = Math.max(newest, newestUnder(full));
    } else if (!isTestFile(entry.name)) {
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

/** `{ current: true }`, or `{ current: false, reason }` saying why a build is needed. */
export function buildFreshness() {
  if (!fs.existsSync(distEntry)) return { current: false, reason: 'packages/cli/dist/main.js does not exist' };
  const builtAt = fs.statSync(distEntry).mtimeMs;
  const packagesDir = path.join(repoRoot, 'packages');
  const inputs = [
    ...fs.readdirSync(packagesDir).map((name) => path.join(packagesDir, name, 'src')),
    path.join(repoRoot, 'docs/query-language.md'),
    path.join(repoRoot, 'scripts/build.mjs'),
    path.join(repoRoot, 'pnpm-lock.yaml'),
  ];
  for (const input of inputs) {
    if (!fs.existsSync(input)) continue;
    const changedAt = fs.statSync(input).isDirectory() ? newestUnder(input) : fs.statSync(input).mtimeMs;
    if (changedAt > builtAt) return { current: false, reason: `${path.relative(repoRoot, input)} changed after the last build` };
  }
  return { current: true };
}
