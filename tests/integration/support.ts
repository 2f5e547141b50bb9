/**
 * Helpers shared by the integration specs: users and tokens through the real CLI, sign-in through
 * the real API, direct database access for the few things no endpoint can do (expiring a session),
 * and small readers for the HTML the server renders.
 */
import http from 'node:http';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { expect } from 'vitest';
import type { Instance } from '../helpers/athar.ts';
import { createClient, type Client } from '../helpers/http.ts';

export const PASSWORD = 'correct horse battery staple';
export const SESSION_COOKIE = 'athar_session';

export type Role = 'admin' | 'coordinator' | 'reviewer' | 'observer';

/** `athar user add`; returns the new user's id. */
export async function addUser(
  athar: Instance,
  email: string,
  options: { name?: string; role?: Role; password?: string } = {}
): Promise<string> {
  const result = await athar.cli(
    [
      'user',
      'add',
      email,
      '--name',
      options.name ?? email.split('@')[0]!,
      '--role',
      options.role ?? 'reviewer'
    ],
    `${options.password ?? PASSWORD}\n`
  );
  expect(result, result.stderr).toMatchObject({ code: 0 });
  const id = /\(([a-z2-7]{24})\)/.exec(result.stdout)?.[1];
  if (!id) throw new Error(`no user id in: ${result.stdout}`);
  return id;
}

/** `athar token create`; the token is the last line of its output. */
export async function createToken(athar: Instance, email: string): Promise<string> {
  const result = await athar.cli(['token', 'create', email]);
  expect(result, result.stderr).toMatchObject({ code: 0 });
  const token = result.stdout.trim().split('\n').at(-1) ?? '';
  expect(token).toMatch(/^athar_[a-z2-7]{32}$/);
  return token;
}

/** `athar audit verify` must pass; returns how many rows it verified. */
export async function verifiedAuditRows(athar: Instance): Promise<number> {
  const result = await athar.cli(['audit', 'verify']);
  expect(result, result.stderr).toMatchObject({ code: 0 });
  const rows = /(\d+) row\(s\) verified/.exec(result.stdout)?.[1];
  if (rows === undefined) throw new Error(`unexpected audit verify output: ${result.stdout}`);
  return Number(rows);
}

/** A client signed in through `POST /api/session`. */
export async function signIn(athar: Instance, email: string, password = PASSWORD): Promise<Client> {
  const client = createClient(athar.url);
  const res = await client.request('/api/session', { json: { email, password } });
  expect(res.status, await res.clone().text()).toBe(200);
  expect(client.cookies.get(SESSION_COOKIE)).toMatch(/^[a-z2-7]{32}$/);
  return client;
}

/** A client whose cookie jar holds exactly this session cookie value. */
export function clientWithCookie(athar: Instance, value: string): Client {
  const client = createClient(athar.url);
  client.cookies.set(SESSION_COOKIE, value);
  return client;
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

/** `/api/me` with whatever the client (and extra headers) carry. */
export function me(client: Client, headers: Record<string, string> = {}): Promise<Response> {
  return client.request('/api/me', { headers });
}

/** Asserts the API's one error shape and returns the message. */
export async function expectApiError(res: Response, status: number, code: string): Promise<string> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error?.code).toBe(code);
  expect(typeof body.error?.message).toBe('string');
  expect(body.error?.message).not.toBe('');
  return body.error!.message as string;
}

/** A request with exactly these headers: no cookie jar, no Origin added (unlike Client). */
export function rawRequest(
  athar: Instance,
  pathname: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<Response> {
  return fetch(athar.url + pathname, { ...init, redirect: 'manual' });
}

/**
 * A request from another loopback source address (127.0.0.x), so the server sees a different client
 * address. Node's fetch cannot choose its source address; node:http can.
 */
export function requestFrom(
  athar: Instance,
  localAddress: string,
  pathname: string,
  json: unknown
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const body = JSON.stringify(json);
  return new Promise((resolve, reject) => {
    const req = http.request(
      athar.url + pathname,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      }
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The text of the page's alert (`role="alert"`), or null when there is none. */
export function alertText(html: string): string | null {
  const match = /<[a-z]+ [^>]*role="alert"[^>]*>([\s\S]*?)<\/[a-z]+>/.exec(html);
  return match ? decodeEntities(match[1]!.replace(/<[^>]*>/g, '').trim()) : null;
}

/** The texts of every field error on the page. */
export function fieldErrors(html: string): string[] {
  return [...html.matchAll(/<span class="field-error"[^>]*>([\s\S]*?)<\/span>/g)].map((m) =>
    decodeEntities(m[1]!.trim())
  );
}

/** The value of the named input. */
export function inputValue(html: string, name: string): string | null {
  const tag = new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0];
  const value = tag && /\bvalue="([^"]*)"/.exec(tag)?.[1];
  return value === undefined || value === null || value === '' ? null : decodeEntities(value);
}

/** HTML text with the entities Svelte writes turned back into characters. */
export function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Direct access to the instance's database, for what no endpoint can do (or should be trusted to show). */
export type TestDb = {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
};

/** Opens the instance's database; write SQL with `?` placeholders, they become `$n` on PostgreSQL. */
export async function openDb(athar: Instance): Promise<TestDb> {
  if (athar.dialect === 'sqlite') {
    const db = new SQLite(path.join(athar.dataDir, 'athar.db'));
    db.pragma('busy_timeout = 5000');
    return {
      async query<T>(sql: string, params: unknown[] = []) {
        const statement = db.prepare(sql);
        return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
      },
      async close() {
        db.close();
      }
    };
  }
  const client = new pg.Client({ connectionString: athar.env.DATABASE_URL });
  await client.connect();
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      let n = 0;
      const result = await client.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params
      );
      return result.rows as T[];
    },
    close: () => client.end()
  };
}

/** Every row of the tables that hold people, access and settings, in a stable order and form. */
export async function snapshot(db: TestDb): Promise<string> {
  const tables: Array<[string, string]> = [
    ['users', 'id'],
    ['collections', 'id'],
    ['collection_members', 'collection_id, user_id'],
    ['api_tokens', 'id'],
    ['settings', 'key']
  ];
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of tables) {
    const rows = await db.query(`select * from ${table} order by ${order}`);
    out[table] = rows.map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : String(v)]))
    );
  }
  return JSON.stringify(out);
}

export async function count(db: TestDb, table: string): Promise<number> {
  const [row] = await db.query<{ n: unknown }>(`select count(*) as n from ${table}`);
  return Number(row?.n);
}

/** The session row behind a cookie value: its id is the SHA-256 of the token. */
export async function sessionIdOf(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return Buffer.from(digest).toString('hex');
}

export { createClient, type Client };
