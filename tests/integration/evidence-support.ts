/**
 * Helpers for the evidence specs: people and tokens through the real CLI, `athar ingest --json`,
 * read-only SQL against the instance's database, the files under DATA_DIR, and bounded polling.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { expect } from 'vitest';
import type { Instance } from '../helpers/athar.ts';

export const PASSWORD = 'correct horse battery staple';

export type Role = 'admin' | 'coordinator' | 'reviewer' | 'observer';

export type IngestResult = {
  path: string;
  status: 'ingested' | 'duplicate' | 'rejected';
  itemId: string | null;
  sha256: string | null;
  reason: string | null;
};

/** `athar user add` + `athar token create`: a user and a bearer token for them. */
export async function addUser(
  athar: Instance,
  email: string,
  role: Role
): Promise<{ id: string; email: string; token: string }> {
  const added = await athar.cli(
    ['user', 'add', email, '--name', email.split('@')[0]!, '--role', role],
    `${PASSWORD}\n`
  );
  expect(added, added.stderr).toMatchObject({ code: 0 });
  const id = /\(([a-z2-7]{24})\)/.exec(added.stdout)?.[1];
  if (!id) throw new Error(`no user id in: ${added.stdout}`);
  const created = await athar.cli(['token', 'create', email]);
  expect(created, created.stderr).toMatchObject({ code: 0 });
  const token = created.stdout.trim().split('\n').at(-1) ?? '';
  expect(token).toMatch(/^athar_[a-z2-7]{32}$/);
  return { id, email, token };
}

export async function addMember(athar: Instance, collection: string, email: string): Promise<void> {
  const result = await athar.cli(['member', 'add', collection, email]);
  expect(result, result.stderr).toMatchObject({ code: 0 });
}

/** `athar ingest <paths…> --collection <name> --json [extra…]` with its parsed report. */
export async function ingest(
  athar: Instance,
  paths: string[],
  collection: string,
  extra: string[] = []
): Promise<{ code: number | null; results: IngestResult[]; stderr: string }> {
  const run = await athar.cli(['ingest', ...paths, '--collection', collection, '--json', ...extra]);
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

/** `athar audit verify` must pass; returns how many rows it verified. */
export async function verifiedAuditRows(athar: Instance): Promise<number> {
  const result = await athar.cli(['audit', 'verify']);
  expect(result, result.stderr).toMatchObject({ code: 0 });
  const rows = /(\d+) row\(s\) verified/.exec(result.stdout)?.[1];
  if (rows === undefined) throw new Error(`unexpected audit verify output: ${result.stdout}`);
  return Number(rows);
}

/** One SQL statement against the instance's own database; `?` placeholders on both dialects. */
export async function query<T = Record<string, unknown>>(
  athar: Instance,
  sql: string,
  params: unknown[] = []
): Promise<T[]> {
  if (athar.dialect === 'sqlite') {
    const db = new SQLite(path.join(athar.dataDir, 'athar.db'));
    try {
      db.pragma('busy_timeout = 5000');
      const statement = db.prepare(sql);
      return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: athar.env.DATABASE_URL });
  await client.connect();
  try {
    let n = 0;
    const result = await client.query(
      sql.replace(/\?/g, () => `$${++n}`),
      params
    );
    return result.rows as T[];
  } finally {
    await client.end();
  }
}

export async function countOf(athar: Instance, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await query<{ n: unknown }>(athar, sql, params);
  return Number(row?.n);
}

export async function collectionIdOf(athar: Instance, name: string): Promise<string> {
  const [row] = await query<{ id: string }>(athar, 'select id from collections where name = ?', [name]);
  if (!row) throw new Error(`no collection ${name}`);
  return row.id;
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

/** A request with exactly these headers (no cookie jar, no Origin added). */
export function get(athar: Instance, pathname: string, token?: string, headers: Record<string, string> = {}) {
  return fetch(athar.url + pathname, {
    headers: token ? { authorization: `Bearer ${token}`, ...headers } : headers,
    redirect: 'manual'
  });
}

export async function getJson<T>(athar: Instance, pathname: string, token: string): Promise<T> {
  const res = await get(athar, pathname, token);
  expect(res.status, `${pathname}: ${await res.clone().text()}`).toBe(200);
  return (await res.json()) as T;
}

/**
 * Polls `probe` until it returns something other than undefined, or fails after `timeoutMs`.
 * The short pause between attempts only spaces the polls out; nothing waits for a fixed time.
 */
export async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(20);
  }
}
