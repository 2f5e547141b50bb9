/** What a bodies operation answers when it refuses: a status, a code of the error contract, a message. */
import type { ErrorCode } from '../http/errors.ts';

export type Refusal = { ok: false; status: 400 | 403 | 404 | 409; code: ErrorCode; error: string };

const CODES = { 400: 'bad_request', 403: 'forbidden', 404: 'not_found', 409: 'conflict' } as const;

export function refuse(status: Refusal['status'], error: string): Refusal {
  return { ok: false, status, code: CODES[status], error };
}

/** A unique key refused the write: someone else took the row (an item) in the meantime. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  return (
    code === '23505' || code.startsWith('SQLITE_CONSTRAINT_PRIMARYKEY') || code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}

/** Thrown inside a transaction to roll it back and answer with the refusal (see `refusing`). */
export class RefusedError extends Error {
  readonly refusal: Refusal;
  constructor(refusal: Refusal) {
    super(refusal.error);
    this.refusal = refusal;
  }
}

/**
 * Runs a write whose transaction may refuse half-way (RefusedError: rolled back, nothing changed) or
 * lose a race at the key of `body_items` (a photo another body took meanwhile: 409).
 */
export async function refusing<T>(write: () => Promise<T>): Promise<T | Refusal> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof RefusedError) return err.refusal;
    if (isUniqueViolation(err)) return refuse(409, 'A photo was grouped into another body at the same time.');
    throw err;
  }
}
