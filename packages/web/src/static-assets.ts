import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

export interface StaticAsset {
  contentType: string;
  body: Buffer;
}

/**
 * htmx ships in node_modules: the sources resolve it from there. A bundled build has no
 * node_modules of this package, so the build copies the file into its own static/ folder.
 */
function vendorFile(name: string, specifier: string): string {
  const bundled = path.join(here, 'static', name);
  return fs.existsSync(bundled) ? bundled : require.resolve(specifier);
}

/** Files served under /static: our CSS and keyboard script, and the htmx we pin, from our own origin (CSP). */
export function loadStaticAssets(): Map<string, StaticAsset> {
  const files: [string, string, string][] = [
    ['app.css', path.join(here, 'static', 'app.css'), 'text/css; charset=utf-8'],
    ['favicon.svg', path.join(here, 'static', 'favicon.svg'), 'image/svg+xml'],
    ['keys.js', path.join(here, 'static', 'keys.js'), 'text/javascript; charset=utf-8'],
    ['htmx.min.js', vendorFile('htmx.min.js', 'htmx.org/dist/htmx.min.js'), 'text/javascript; charset=utf-8'],
    ['htmx-sse.js', vendorFile('htmx-sse.js', 'htmx-ext-sse/dist/sse.min.js'), 'text/javascript; charset=utf-8'],
  ];
  return new Map(files.map(([name, file, contentType]) => [name, { contentType, body: fs.readFileSync(file) }]));
}
