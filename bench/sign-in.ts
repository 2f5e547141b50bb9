/**
 * Sign-in latency through the whole stack (HTTP, SvelteKit, throttle check, Argon2id, session and
 * audit writes) against its anchor: a bare in-process Argon2id verification of the same stored hash.
 * The ratio says how much the rest of the path costs on top of the hash, which dominates by design.
 *
 * Every sign-in uses the right password: a failure would count towards the throttle and could turn
 * later requests into 429s, so any non-200 answer aborts the run instead of being measured.
 *
 * Usage: node bench/sign-in.ts [--quick]   (needs a build: `npx vite build`)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verify } from '@node-rs/argon2';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ROOT, startInstance, type Instance } from '../tests/helpers/athar.ts';
import { DIALECTS, type TestDialect } from '../tests/helpers/dialects.ts';

const HANDLER = path.join(ROOT, 'build', 'handler.js');
const QUICK = process.argv.includes('--quick');
const N = QUICK ? 10 : 50;
const WARM_UP = QUICK ? 2 : 5;
const EMAIL = 'bench@example.org';
const PASSWORD = 'correct horse battery staple';

/** Nearest-rank percentile of an unsorted sample. */
function percentile(sample: number[], p: number): number {
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function storedHash(athar: Instance): Promise<string> {
  const query = 'select password_hash from users where email = $1';
  if (athar.dialect === 'sqlite') {
    const db = new Database(path.join(athar.dataDir, 'athar.db'), { readonly: true });
    try {
      const row = db.prepare(query.replace('$1', '?')).get(EMAIL) as { password_hash: string };
      return row.password_hash;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: athar.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<{ password_hash: string }>(query, [EMAIL])).rows[0]!.password_hash;
  } finally {
    await client.end();
  }
}

async function signIn(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD })
  });
  await response.arrayBuffer();
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}; the run is void`);
  return elapsed;
}

async function verifyOnce(hash: string): Promise<number> {
  const started = performance.now();
  const ok = await verify(hash, PASSWORD);
  const elapsed = performance.now() - started;
  if (!ok) throw new Error('the stored hash does not verify the password');
  return elapsed;
}

async function bench(dialect: TestDialect): Promise<void> {
  const athar = await startInstance(dialect);
  try {
    const added = await athar.cli(
      ['user', 'add', EMAIL, '--name', 'Bench', '--role', 'reviewer'],
      `${PASSWORD}\n`
    );
    if (added.code !== 0) throw new Error(`athar user add failed: ${added.stderr}`);
    const hash = await storedHash(athar);

    for (let i = 0; i < WARM_UP; i++) {
      await signIn(athar.url);
      await verifyOnce(hash);
    }
    // Interleaved, so both samples see the same machine at the same moments.
    const signIns: number[] = [];
    const verifies: number[] = [];
    for (let i = 0; i < N; i++) {
      signIns.push(await signIn(athar.url));
      verifies.push(await verifyOnce(hash));
    }
    const p50 = percentile(signIns, 50);
    const p95 = percentile(signIns, 95);
    const anchor = percentile(verifies, 50);
    console.log(
      `[${dialect}] sign-in p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms; ` +
        `argon2 verify p50 ${anchor.toFixed(1)} ms; ratio ${(p50 / anchor).toFixed(2)}  (N=${N})`
    );
  } finally {
    await athar.destroy();
  }
}

if (!fs.existsSync(HANDLER)) {
  console.error(`No build at ${HANDLER}: run \`npx vite build\` first.`);
  process.exit(1);
}
console.log(
  `sign-in: ${N} sequential POST /api/session per dialect (${DIALECTS.join(', ')}); ` +
    `load average ${os.loadavg()[0]!.toFixed(2)} on ${os.availableParallelism()} core(s)`
);
for (const dialect of DIALECTS) await bench(dialect);
