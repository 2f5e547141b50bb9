/** `npm start`: build once when there is no build, then serve (bin/serve.js; server/index.ts migrates at start). */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { HANDLER } from './index.ts';

if (!fs.existsSync(HANDLER)) {
  console.log('[athar] no build yet: building once (vite build)…');
  const vite = path.resolve('node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
// The server's entry, which compiles the rest through Node's compile cache (bin/compile-cache.js).
await import('../bin/serve.js');
