/**
 * `npm run bench [-- --quick]`: builds the app once, then runs every bench/*.ts (not itself, not the
 * shared support.ts) in turn, each in its own process, passing the arguments through, and appends
 * their output to bench/RESULTS.md as a dated section. A failing bench is reported and the others
 * still run; the exit code is 1 when any failed.
 * bench/cold-start.sh is not run here: it clones and installs from scratch (run it by hand).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, '..');
const args = process.argv.slice(2);

const build = spawnSync(
  process.execPath,
  [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
  {
    cwd: ROOT,
    encoding: 'utf8'
  }
);
if (build.status !== 0) {
  console.error(`${build.stdout}${build.stderr}\nbench: vite build failed`);
  process.exit(1);
}

/** Modules here that are not benches: this runner and the helpers the benches share. */
const NOT_BENCHES = new Set([path.basename(import.meta.filename), 'support.ts']);
const benches = fs
  .readdirSync(HERE)
  .filter((name) => name.endsWith('.ts') && !NOT_BENCHES.has(name))
  .sort();

const failed: string[] = [];
const sections: string[] = [];
for (const name of benches) {
  console.log(`\n== bench/${name} ${args.join(' ')}`.trimEnd());
  // Output goes to the terminal as it comes and into bench/RESULTS.md at the end.
  const result = spawnSync(process.execPath, [path.join(HERE, name), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  });
  process.stdout.write(result.stdout ?? '');
  if (result.status !== 0) failed.push(name);
  sections.push(
    `### bench/${name}${result.status === 0 ? '' : ' (failed)'}\n\n\`\`\`\n${(result.stdout ?? '').trim()}\n\`\`\`\n`
  );
}

const cpus = os.cpus();
const results = path.join(HERE, 'RESULTS.md');
// Appended, never rewritten: the file is the history of every figure the issues were decided on.
fs.appendFileSync(
  results,
  [
    '',
    `## ${new Date().toISOString()}: npm run bench ${args.join(' ') || '(full run)'}`,
    '',
    `- machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`,
    `- load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    `- node ${process.version}`,
    '',
    'Each bench prints Athar against its anchor, measured side by side in the same run.',
    '',
    ...sections
  ].join('\n')
);
console.log(`\nbench: appended this run to ${path.join('bench', 'RESULTS.md')}`);
if (failed.length) {
  console.error(`\nbench: failed: ${failed.join(', ')}`);
  process.exit(1);
}
