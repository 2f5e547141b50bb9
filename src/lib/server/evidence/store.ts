/**
 * The content-addressed evidence store under DATA_DIR.
 *
 * Invariants (Berkeley Protocol):
 * - `originals/<aa>/<sha256>` holds the exact bytes of an ingested file, written once through a
 *   temporary file and an atomic rename, then made read-only (0444). Nothing ever rewrites it.
 * - `tiles/<aa>/<sha256>-<page>.zip` is the derivative (working copy) of one page: the IIIF level-0
 *   pyramid in sharp's zip container. It appears only complete (temp file + rename).
 * - `tmp/` holds work in progress; anything there may be deleted when no ingest runs.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomToken } from '../ids.ts';

export type Store = { dataDir: string };

const SHA256 = /^[0-9a-f]{64}$/;

function shard(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return sha256.slice(0, 2);
}

export function originalPath(store: Store, sha256: string): string {
  return path.join(store.dataDir, 'originals', shard(sha256), sha256);
}

export function tilesPath(store: Store, sha256: string, page: number): string {
  return path.join(store.dataDir, 'tiles', shard(sha256), `${sha256}-${page}.zip`);
}

export async function tempPath(store: Store, suffix = ''): Promise<string> {
  const dir = path.join(store.dataDir, 'tmp');
  await fsp.mkdir(dir, { recursive: true });
  return path.join(dir, `${Date.now()}-${randomToken(8)}${suffix}`);
}

const STALE_TEMP_MS = 24 * 60 * 60 * 1000;

/**
 * Removes work left in tmp/ by a crashed ingest or upload. Only files untouched for a day go: a
 * running ingest or upload (another process) writes its temporary files continuously.
 */
export async function removeStaleTemp(store: Store, now = Date.now()): Promise<number> {
  const dir = path.join(store.dataDir, 'tmp');
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    const stat = await fsp.stat(file).catch(() => null);
    if (stat?.isFile() && now - stat.mtimeMs > STALE_TEMP_MS) {
      await fsp.rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}

const CHUNK = 1024 * 1024;

/**
 * Reads a file from start to end through one reused 1 MiB buffer, handing each chunk to `use` (which
 * must be done with it when its promise settles). A 100 MB photograph then costs 1 MiB here: a
 * stream would leave each chunk to the garbage collector, and the peak memory would grow with it.
 */
async function eachChunk(file: string, use: (chunk: Buffer, offset: number) => unknown): Promise<number> {
  const input = await fsp.open(file, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK);
  let offset = 0;
  try {
    for (;;) {
      const { bytesRead } = await input.read(buffer, 0, CHUNK, offset);
      if (bytesRead === 0) return offset;
      await use(buffer.subarray(0, bytesRead), offset);
      offset += bytesRead;
    }
  } finally {
    await input.close();
  }
}

/** Copies a file into tmp/ while hashing it: one read of the source. */
export async function copyAndHash(
  store: Store,
  source: string
): Promise<{ temp: string; sha256: string; bytes: number }> {
  const temp = await tempPath(store);
  const hash = createHash('sha256');
  const output = await fsp.open(temp, 'wx', 0o600);
  try {
    const bytes = await eachChunk(source, async (chunk, offset) => {
      hash.update(chunk);
      await output.write(chunk, 0, chunk.length, offset);
    });
    await output.close();
    return { temp, sha256: hash.digest('hex'), bytes };
  } catch (err) {
    await output.close().catch(() => {});
    await fsp.rm(temp, { force: true });
    throw err;
  }
}

/** Moves a finished temp file to its final place unless that place is already taken. */
export async function settle(temp: string, final: string, mode: number): Promise<void> {
  await fsp.mkdir(path.dirname(final), { recursive: true });
  if (fs.existsSync(final)) {
    // Same address, same content (it is named by its hash): keep the first, drop ours.
    await fsp.rm(temp, { force: true });
    return;
  }
  await fsp.chmod(temp, mode);
  await fsp.rename(temp, final);
}

export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await eachChunk(file, (chunk) => hash.update(chunk));
  return hash.digest('hex');
}
