// The reader thread run from the TypeScript sources (tests, `pnpm dev`, benches): a worker
// thread does not inherit the parent's tsx hooks, so it registers its own. The production
// build runs dist/read-feed-thread.js instead (scripts/build.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./read-feed-thread.ts');
