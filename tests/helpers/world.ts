/**
 * The test-world builder: people, tokens, collections and items of a running instance, made the
 * way an operator makes them (the real CLI: `user add`, `token create`, `member add`, `ingest`, in
 * the instance's command host), with generated images (tests/helpers/images.ts). The presets for the collab and review specs
 * (collab-world.ts, review-world.ts) and the e2e set-up are built from these pieces.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { IngestResult } from '../../src/lib/server/evidence/ingest.ts';
import type { Instance } from './athar.ts';
import { PASSWORD } from './http.ts';
import { colourOf, flatJpeg, removeDir, tempDir, writeFiles } from './images.ts';

export type { IngestResult };
export type Role = 'admin' | 'coordinator' | 'reviewer' | 'observer';
/** A user with a bearer token. */
export type Person = { id: string; email: string; token: string };
export type Account = { name?: string; role?: Role; password?: string; expert?: boolean };

/** The size of the small photographs the worlds are made of. */
export const PHOTO = { width: 320, height: 240 };

/** Runs a command in the command host and fails the test unless it exits 0; returns its output. */
async function cli(athar: Instance, args: string[], stdin?: string): Promise<string> {
  const result = await athar.run(args, stdin);
  expect(result, `athar ${args.join(' ')}: ${result.stderr}`).toMatchObject({ code: 0 });
  return result.stdout;
}

/** `athar user add`; returns the new user's id. */
export async function addUser(athar: Instance, email: string, account: Account = {}): Promise<string> {
  const args = ['user', 'add', email, '--name', account.name ?? email.split('@')[0]!];
  args.push('--role', account.role ?? 'reviewer', ...(account.expert ? ['--expert'] : []));
  const out = await cli(athar, args, `${account.password ?? PASSWORD}\n`);
  const id = /\(([a-z2-7]{24})\)/.exec(out)?.[1];
  if (!id) throw new Error(`no user id in: ${out}`);
  return id;
}

/** `athar token create`; the token is the last line of its output. */
export async function createToken(athar: Instance, email: string): Promise<string> {
  const token = (await cli(athar, ['token', 'create', email])).trim().split('\n').at(-1) ?? '';
  expect(token).toMatch(/^athar_[a-z2-7]{32}$/);
  return token;
}

/** A user and a bearer token for them. */
export async function addPerson(athar: Instance, email: string, role: Role, expert = false): Promise<Person> {
  const id = await addUser(athar, email, { role, expert });
  return { id, email, token: await createToken(athar, email) };
}

export async function addMember(athar: Instance, collection: string, email: string): Promise<void> {
  await cli(athar, ['member', 'add', collection, email]);
}

/** `athar audit verify` must pass; returns how many rows it verified. */
export async function verifiedAuditRows(athar: Instance): Promise<number> {
  const out = await cli(athar, ['audit', 'verify']);
  const rows = /(\d+) row\(s\) verified/.exec(out)?.[1];
  if (rows === undefined) throw new Error(`unexpected audit verify output: ${out}`);
  return Number(rows);
}

/**
 * `athar ingest <paths…> --collection <name> --json [extra…]` with its parsed report: in a process
 * of its own (the specs of ingest), or in the command host (`inHost`, where a spec only needs items).
 */
export async function ingest(
  athar: Instance,
  paths: string[],
  collection: string,
  extra: string[] = [],
  inHost = false
): Promise<{ code: number | null; results: IngestResult[]; stderr: string }> {
  const args = ['ingest', ...paths, '--collection', collection, '--json', ...extra];
  const run = await (inHost ? athar.run(args) : athar.cli(args));
  let results: IngestResult[];
  try {
    results = JSON.parse(run.stdout) as IngestResult[];
  } catch {
    throw new Error(`ingest printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  return { code: run.code, results, stderr: run.stderr };
}

/** The result for one file, by its name within the ingested tree. */
export function resultFor(results: IngestResult[], name: string): IngestResult {
  const found = results.filter((r) => r.path.endsWith(`/${name}`));
  expect(found, `one result for ${name} in ${JSON.stringify(results, null, 2)}`).toHaveLength(1);
  return found[0]!;
}

/**
 * Ingests `name → bytes` into a collection (created when new); returns the item ids in the order
 * of the names. Files get ascending modification times in that order, which is the order ingest
 * takes them in (and so the order of a queue).
 */
export async function ingestImages(
  athar: Instance,
  collection: string,
  images: Record<string, Buffer>,
  extra: string[] = []
): Promise<string[]> {
  const dir = tempDir();
  try {
    const names = Object.keys(images);
    const paths = writeFiles(path.join(dir, 'batch'), images);
    names.forEach((name, i) => {
      const at = new Date(Date.now() - (names.length - i) * 60_000);
      fs.utimesSync(paths[name]!, at, at);
    });
    const run = await ingest(athar, [path.join(dir, 'batch')], collection, extra, true);
    expect(run.code, run.stderr).toBe(0);
    const ids = names.map((name) => resultFor(run.results, name).itemId);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    return ids as string[];
  } finally {
    removeDir(dir);
  }
}

/** `count` flat-colour PHOTO-sized JPEGs, each its own colour from `first` on; their item ids. */
export async function ingestPhotos(
  athar: Instance,
  collection: string,
  count: number,
  first = 1
): Promise<string[]> {
  const images: Record<string, Buffer> = {};
  for (let i = 0; i < count; i++)
    images[`photo-${i}.jpg`] = await flatJpeg(PHOTO.width, PHOTO.height, colourOf(first + i));
  return ingestImages(athar, collection, images);
}

/** Every file under DATA_DIR/<sub>, as sorted paths relative to it ([] when it does not exist). */
export function filesUnder(athar: Instance, sub: 'originals' | 'tiles' | 'tmp'): string[] {
  const root = path.join(athar.dataDir, sub);
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)))
    .sort();
}

export function originalFile(athar: Instance, sha256: string): string {
  return path.join(athar.dataDir, 'originals', sha256.slice(0, 2), sha256);
}
