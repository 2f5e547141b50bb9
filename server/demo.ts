/**
 * `npm run demo`: a demo instance in its own data directory (DEMO_DIR, default ./demo-data), loaded
 * with generated demo data on the first run, then served like `npm start` with a "Demo data — not
 * evidence" banner on every page. `npm run demo -- --remove` deletes that directory;
 * `npm run demo -- --load-only` loads without serving.
 *
 * The demo is always SQLite in its own directory: DATABASE_URL and REDIS_URL are ignored, so demo
 * data never enters a real database, evidence store or audit chain, and removal is one `rm`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../src/lib/server/config.ts';
import { createRuntime } from '../src/lib/server/runtime.ts';
import { loadDemo, type DemoSummary } from './demo/load.ts';

/** Written before anything else is: only a directory holding it is ever deleted by --remove. */
export const MARKER = '.athar-demo';
const MARKER_TEXT =
  'This directory holds an Athar demo instance (npm run demo). Generated data, not evidence.\n';

const { values } = parseArgs({
  options: { remove: { type: 'boolean', default: false }, 'load-only': { type: 'boolean', default: false } }
});
const dir = path.resolve(process.env.DEMO_DIR || 'demo-data');
const marker = path.join(dir, MARKER);
/** Written last: its presence says the load finished. */
const usersFile = path.join(dir, 'demo-users.txt');

function fail(message: string): never {
  console.error(`[demo] ${message}`);
  process.exit(2);
}

/** A directory is the demo's only when the marker is a plain file in it (a link could point anywhere). */
function isDemoDir(): boolean {
  try {
    return fs.lstatSync(marker).isFile() && fs.readFileSync(marker, 'utf8') === MARKER_TEXT;
  } catch {
    return false;
  }
}

if (values.remove) {
  // Why the marker: a mistyped DEMO_DIR must never delete a real data directory.
  if (!isDemoDir()) fail(`refusing to remove ${dir}: it is not a demo directory (no ${MARKER} in it)`);
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`[demo] removed ${dir}`);
  process.exit(0);
}

for (const name of ['DATABASE_URL', 'REDIS_URL'] as const) {
  if (process.env[name]) console.log(`[demo] ignoring ${name}: the demo is always SQLite in ${dir}`);
  delete process.env[name];
}
process.env.DATA_DIR = dir;
process.env.ATHAR_DEMO = '1';

function printSummary(summary: DemoSummary, url: string): string {
  const lines = [
    `Athar demo (generated data, not evidence) in ${dir}`,
    `${summary.items} items and ${summary.findings} findings in the demo collection; sign in at ${url} as:`,
    ...summary.users.map(
      (u) => `  ${u.role.padEnd(11)} ${(u.expert ? 'expert' : '').padEnd(6)} ${u.email}  ${u.password}`
    ),
    'Remove everything with: npm run demo -- --remove'
  ];
  return lines.join('\n') + '\n';
}

if (!isDemoDir()) {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0)
    fail(`refusing to load into ${dir}: it is not empty and not a demo directory; set DEMO_DIR`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(marker, MARKER_TEXT);
  const config = readConfig();
  const runtime = await createRuntime(config, { backgroundCheckpoints: false });
  try {
    console.log('[demo] loading the demo data (first run)…');
    const summary = await loadDemo(runtime);
    const text = printSummary(
      summary,
      config.origin ?? (config.port ? `http://localhost:${config.port}` : 'the address printed below')
    );
    // The passwords are shown once here and kept beside the demo data (which is only a demo).
    fs.writeFileSync(usersFile, text, { mode: 0o600 });
    console.log(text);
  } finally {
    await runtime.close();
  }
} else if (!fs.existsSync(usersFile)) {
  fail(`an earlier load into ${dir} did not finish: run npm run demo -- --remove, then npm run demo again`);
} else {
  console.log(`[demo] demo data already loaded in ${dir}; users and passwords: ${usersFile}`);
}

if (!values['load-only']) await import('./start.ts');
