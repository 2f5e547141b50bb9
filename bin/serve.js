#!/usr/bin/env node
// The server's one entry (the systemd unit, the tests; `npm start` adds a build when there is none):
// TypeScript that Node runs directly, compiled once (compile-cache.js). Needs a build (`npm run build`).
import './compile-cache.js';

const { main } = await import('../server/index.ts');
await main().catch((err) => {
  console.error('[athar] failed to start:', err);
  process.exit(1);
});
