/** `npm test`: build the app (integration and e2e tests drive the built server), then run every suite. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

function run(script: string, args: string[]): void {
  const result = spawnSync(process.execPath, [path.resolve('node_modules', script), ...args], {
    stdio: 'inherit'
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('vite/bin/vite.js', ['build']);
run('vitest/vitest.mjs', ['run', ...process.argv.slice(2)]);
