/**
 * HTTP for tests: a cookie-keeping client that behaves like one browser (one cookie jar, our Origin
 * on writes, no redirects followed), bearer-token calls as API clients make them, sign-in, and the
 * API's one error shape.
 */
import http from 'node:http';
import { expect } from 'vitest';
import type { Instance } from './athar.ts';

export const PASSWORD = 'correct horse battery staple';
export const SESSION_COOKIE = 'athar_session';

export type Client = {
  baseUrl: string;
  cookies: Map<string, string>;
  request(
    path: string,
    init?: RequestInit & { form?: Record<string, string | string[]>; json?: unknown }
  ): Promise<Response>;
};

export function createClient(baseUrl: string): Client {
  const cookies = new Map<string, string>();
  return {
    baseUrl,
    cookies,
    async request(path, init = {}) {
      const headers = new Headers(init.headers);
      if (cookies.size && !headers.has('cookie')) {
        headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
      }
      let body = init.body;
      if (init.form) {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(init.form)) for (const item of [v].flat()) params.append(k, item);
        body = params;
        headers.set('content-type', 'application/x-www-form-urlencoded');
        // Like a browser without JavaScript: SvelteKit answers `*/*` form posts as JSON otherwise.
        if (!headers.has('accept')) headers.set('accept', 'text/html');
      } else if (init.json !== undefined) {
        body = JSON.stringify(init.json);
        headers.set('content-type', 'application/json');
      }
      const method = init.method ?? (body ? 'POST' : 'GET');
      if (method !== 'GET' && !headers.has('origin')) headers.set('origin', baseUrl);
      const response = await fetch(baseUrl + path, { ...init, method, headers, body, redirect: 'manual' });
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) cookies.delete(name);
        else cookies.set(name, value);
      }
      return response;
    }
  };
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

/** A GET with a bearer token (when given) and exactly these other headers. */
export function get(athar: Instance, pathname: string, token?: string, headers: Record<string, string> = {}) {
  return rawRequest(athar, pathname, { headers: token ? { ...bearer(token), ...headers } : headers });
}

export async function getJson<T>(athar: Instance, pathname: string, token: string): Promise<T> {
  const res = await get(athar, pathname, token);
  expect(res.status, `${pathname}: ${await res.clone().text()}`).toBe(200);
  return (await res.json()) as T;
}

/**
 * A request with a bearer token (no cookie, so no Origin is needed on writes): GET without `json`,
 * POST with it, unless `method` says otherwise.
 */
export function call(
  athar: Instance,
  token: string,
  pathname: string,
  json?: unknown,
  method = json === undefined ? 'GET' : 'POST'
): Promise<Response> {
  const headers: Record<string, string> = bearer(token);
  if (json !== undefined) headers['content-type'] = 'application/json';
  return rawRequest(athar, pathname, {
    method,
    headers,
    body: json === undefined ? undefined : JSON.stringify(json)
  });
}

/** A POST with no body at all. */
export function post(athar: Instance, token: string, pathname: string): Promise<Response> {
  return call(athar, token, pathname, undefined, 'POST');
}

/** A bearer-token call's status and parsed body (null when empty). */
export async function api<T>(
  athar: Instance,
  token: string,
  method: string,
  pathname: string,
  json?: unknown
): Promise<{ status: number; body: T }> {
  const response = await call(athar, token, pathname, json, method);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/**
 * A request on a connection of its own (no keep-alive): with several workers (WORKERS) the primary
 * hands each new connection to the next one, and `worker` says which answered (X-Athar-Worker; none
 * with one process). With `json`, a POST from our origin; with `token`, a bearer token.
 */
export function onNewConnection(
  athar: Instance,
  pathname: string,
  options: { json?: unknown; token?: string } = {}
): Promise<{ status: number; worker: string | undefined; body: string }> {
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const headers: Record<string, string> = options.token ? bearer(options.token) : {};
  if (body) Object.assign(headers, { 'content-type': 'application/json', origin: athar.url });
  return new Promise((resolve, reject) => {
    const req = http.request(
      athar.url + pathname,
      { agent: false, method: body ? 'POST' : 'GET', headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            worker: res.headers['x-athar-worker'] as string | undefined,
            body: text
          })
        );
      }
    );
    req.on('error', reject);
    req.end(body);
  });
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
