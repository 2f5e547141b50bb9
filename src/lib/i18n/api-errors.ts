/**
 * API error messages in the reader's language. The server's `message` is English detail for the
 * log, scripts and the CLI; the interface shows the message of the error's `code` in the page's
 * language (and the server's detail only in English, where it reads as-is).
 */
import type { ErrorCode } from '$lib/server/http/errors';
import type { Locale, MessageKey } from './index.ts';
import { translate } from './index.ts';

const ERROR_MESSAGE = {
  bad_request: 'api_error.bad_request',
  unauthorized: 'api_error.unauthorized',
  forbidden: 'api_error.forbidden',
  not_found: 'api_error.not_found',
  method_not_allowed: 'api_error.method_not_allowed',
  conflict: 'api_error.conflict',
  too_large: 'api_error.too_large',
  rejected: 'api_error.rejected',
  too_many_requests: 'api_error.too_many_requests',
  internal: 'api_error.internal',
  unavailable: 'api_error.unavailable'
} as const satisfies Record<ErrorCode, MessageKey>;

export type ApiError = { code?: string; message?: string } | undefined;

function isCode(code: string | undefined): code is ErrorCode {
  return code !== undefined && Object.hasOwn(ERROR_MESSAGE, code);
}

/** What to show for an error answer with this HTTP status and body. */
export function apiErrorText(locale: Locale, status: number, error: ApiError): string {
  if (locale === 'en' && error?.message) return error.message;
  const code = isCode(error?.code) ? error.code : status >= 500 ? 'internal' : 'bad_request';
  return translate(locale, ERROR_MESSAGE[code]);
}
