/**
 * The error contract of every HTTP answer that is not a page: `{ error: { code, message } }`, with
 * one status per code. The SvelteKit API (api.ts), the framework-free handlers (node-response.ts)
 * and the hook that reshapes SvelteKit's own errors (hooks.server.ts) all answer from this table;
 * the README's error table lists it.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  too_large: 413,
  rejected: 422,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorBody = { error: { code: ErrorCode; message: string } };

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

/** The code of a status outside our own answers (SvelteKit's, a proxy's); unknown ones map by class. */
export function codeOfStatus(status: number): ErrorCode {
  const found = (Object.keys(ERROR_STATUS) as ErrorCode[]).find((code) => ERROR_STATUS[code] === status);
  return found ?? (status >= 500 ? 'internal' : 'bad_request');
}

/** What a 500 says: never the cause, which goes to the log. */
export const INTERNAL_MESSAGE = 'Internal error';

/**
 * An error answer in the contract: ours pass unchanged; SvelteKit's own (`{ message }` from
 * handleError, a plain-text 405) are rewritten with the code of their status.
 */
export async function inContract(response: Response): Promise<Response> {
  const text = await response.clone().text();
  let message = text.trim() || response.statusText || 'Error';
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown }; message?: unknown };
    if (typeof body.error?.code === 'string') return response;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // Not JSON: the text itself is the message.
  }
  const headers = new Headers(response.headers);
  headers.set('Content-Type', 'application/json');
  headers.delete('Content-Length');
  return new Response(JSON.stringify(errorBody(codeOfStatus(response.status), message)), {
    status: response.status,
    headers
  });
}
