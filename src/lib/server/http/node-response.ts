/** Answers written outside SvelteKit (IIIF, uploads): the same headers and error contract. */
import type { ServerResponse } from 'node:http';
import { ERROR_STATUS, INTERNAL_MESSAGE, errorBody, type ErrorCode } from './errors.ts';
import { DEFAULT_CSP, SECURITY_HEADERS } from './security-headers.ts';

export const BASE_HEADERS: Readonly<Record<string, string>> = {
  ...SECURITY_HEADERS,
  'Content-Security-Policy': DEFAULT_CSP
};

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...BASE_HEADERS,
    'Cache-Control': 'no-store',
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers
  });
  res.end(text);
}

export function sendError(res: ServerResponse, code: ErrorCode, message: string): void {
  sendJson(res, ERROR_STATUS[code], errorBody(code, message));
}

/** For a handler's unexpected failure: logged with its name, answered 500 (or the socket cut). */
export function failInternal(res: ServerResponse, name: string, url: string | undefined, err: unknown): void {
  console.error(`[${name}] ${url}:`, err);
  if (!res.headersSent) sendError(res, 'internal', INTERNAL_MESSAGE);
  else res.destroy();
}
