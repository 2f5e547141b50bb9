/**
 * `npm test`: build the app (integration and e2e tests drive the built server), then run every
 * suite; then, for a whole run, the collaboration and queue specs once more with two server
 * processes per instance, as `npm start` runs on two cores: the multi-process races (rooms open
 * in two workers, claims and submits from both) live there.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

function run(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(process.execPath, [path.resolve('node_modules', script), ...args], {
    stdio: 'inherit',
    env
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const only = process.argv.slice(2);
run('vite/bin/vite.js', ['build']);
run('vitest/vitest.mjs', ['run', ...only]);
if (only.length === 0)
  run(
    'vitest/vitest.mjs',
    ['run', '--project', 'integration', 'tests/integration/collab-', 'tests/integration/queue-'],
    { ...process.env, TEST_WORKERS: '2' }
  );
