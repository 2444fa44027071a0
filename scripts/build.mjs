#!/usr/bin/env node
/**
 * The production build: bundles the `newswatch` command (packages/cli/src/main.ts and every
 * workspace package it imports) into one ES module, packages/cli/dist/main.js, and copies
 * beside it the files the code reads from disk at run time. Production then runs plain
 * JavaScript with `node`; tsx is for development and tests only.
 *
 *   node scripts/build.mjs      (or `pnpm build`)
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cliRoot = path.join(repoRoot, 'packages/cli');
const dist = path.join(cliRoot, 'dist');
// Resolve the vendored browser files the way the web package does: from that package.
const webRequire = createRequire(path.join(repoRoot, 'packages/web/package.json'));

/**
 * Files read from disk at run time, copied to where the bundled code looks for them (each
 * reader looks beside its own module first, and a bundle's module is dist/main.js):
 * - web/src/static-assets.ts serves dist/static/* (our CSS, keys.js, the favicon, and htmx,
 *   which the sources resolve from node_modules);
 * - api/src/help/query-guide.ts renders dist/docs/query-language.md at /help/query-language.
 * Migrations are a static list in db/src/migrate.ts, so they are in the bundle itself.
 */
const ASSETS = [
  ['static/app.css', path.join(repoRoot, 'packages/web/src/static/app.css')],
  ['static/favicon.svg', path.join(repoRoot, 'packages/web/src/static/favicon.svg')],
  ['static/keys.js', path.join(repoRoot, 'packages/web/src/static/keys.js')],
  ['static/htmx.min.js', webRequire.resolve('htmx.org/dist/htmx.min.js')],
  ['static/htmx-sse.js', webRequire.resolve('htmx-ext-sse/dist/sse.min.js')],
  ['docs/query-language.md', path.join(repoRoot, 'docs/query-language.md')],
];

/**
 * Packages left as plain imports from node_modules instead of bundled: PGlite loads its
 * WebAssembly and data files relative to its own module; pg may require the native pg-native;
 * pino and node-cron start worker threads or child processes from files of their own; and
 * nodemailer is large and only needed once an email goes out. Everything else (hono, kysely,
 * zod, undici, sanitize-html…) is bundled.
 */
const EXTERNAL_PACKAGES = ['@electric-sql/pglite', 'pg', 'pg-native', 'nodemailer', 'pino', 'node-cron'];

// The bundle resolves its externals from packages/cli/node_modules: the cli package must depend on them.
const cliDependencies = JSON.parse(fs.readFileSync(path.join(cliRoot, 'package.json'), 'utf8')).dependencies ?? {};
const undeclared = EXTERNAL_PACKAGES.filter((name) => name !== 'pg-native' && !(name in cliDependencies));
if (undeclared.length) throw new Error(`packages/cli/package.json must depend on the bundle's external packages: ${undeclared.join(', ')}`);

/**
 * esbuild's ASCII output leaves regular expression literals as written (our date and headline
 * patterns hold Greek letters and dashes). An escape means the same character there as in a
 * string, so the rest are escaped here: V8 then stores the source as one-byte text.
 */
function asciiOnly(file) {
  const code = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(
    file,
    code.replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}

const startedAt = performance.now();
// Build into a fresh directory and swap it in, so a failed build never leaves half a dist.
const staging = `${dist}.tmp-${process.pid}`;
fs.rmSync(staging, { recursive: true, force: true });
try {
  const result = await esbuild.build({
    // The feed reader threads' script is a bundle of its own beside main.js (feed-reader-pool.ts).
    entryPoints: {
      main: path.join(cliRoot, 'src/main.ts'),
      'read-feed-thread': path.join(repoRoot, 'packages/ingest/src/reader/read-feed-thread.ts'),
    },
    outdir: staging,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: path.join(repoRoot, 'tsconfig.json'),
    external: EXTERNAL_PACKAGES,
    // CommonJS dependencies bundled into an ES module still call require() for Node built-ins.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    // Whitespace and comments out, names kept (stack traces stay readable). V8 keeps a module's
    // whole source in memory, and one non-ASCII character in a comment made that 4.7 MB of
    // two-byte text (9 MB of heap); minified it is ASCII and half the size.
    minifyWhitespace: true,
    minifySyntax: true,
    charset: 'ascii',
    sourcemap: 'linked',
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  asciiOnly(path.join(staging, 'main.js'));
  asciiOnly(path.join(staging, 'read-feed-thread.js'));
  for (const [target, source] of ASSETS) {
    fs.mkdirSync(path.dirname(path.join(staging, target)), { recursive: true });
    fs.copyFileSync(source, path.join(staging, target));
  }
  fs.writeFileSync(path.join(staging, 'meta.json'), JSON.stringify(result.metafile));
  fs.rmSync(dist, { recursive: true, force: true });
  fs.renameSync(staging, dist);
} catch (error) {
  fs.rmSync(staging, { recursive: true, force: true });
  throw error;
}
const size = fs.statSync(path.join(dist, 'main.js')).size;
console.log(`Built packages/cli/dist/main.js (${(size / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - startedAt)} ms`);
