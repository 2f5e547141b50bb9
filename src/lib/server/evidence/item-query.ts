import type { ItemFilter } from './items.ts';
import { decodeCursor } from './items.ts';

export const PAGE_MAX = 200;

export type ItemQuery = { filter: ItemFilter; limit: number; after: { at: number; id: string } | null };

/** Query-string → listing parameters; a message for anything malformed. */
export function parseItemQuery(
  params: URLSearchParams,
  mayFilterStatus: boolean
): ItemQuery | { error: string } {
  const limit = Number(params.get('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX)
    return { error: `limit must be 1–${PAGE_MAX}` };
  const cursorText = params.get('cursor');
  const after = cursorText ? decodeCursor(cursorText) : null;
  if (cursorText && !after) return { error: 'cursor is not one this server gave out' };
  const filter: ItemFilter = {};
  const kind = params.get('kind');
  if (kind !== null) {
    if (kind !== 'photo' && kind !== 'document') return { error: 'kind must be photo or document' };
    filter.kind = kind;
  }
  const status = params.get('status');
  if (status !== null) {
    if (status !== 'ready' && status !== 'processing') return { error: 'status must be ready or processing' };
    if (status === 'processing' && !mayFilterStatus)
      return { error: 'only coordinators see items still processing' };
    filter.status = status;
  }
  const has = params.get('hasAnnotations');
  if (has !== null) {
    if (has !== 'true' && has !== 'false') return { error: 'hasAnnotations must be true or false' };
    filter.hasAnnotations = has === 'true';
  }
  const inBody = params.get('inBody');
  if (inBody !== null) {
    if (inBody !== 'yes' && inBody !== 'no') return { error: 'inBody must be yes or no' };
    filter.inBody = inBody === 'yes';
  }
  return { filter, limit, after };
}
