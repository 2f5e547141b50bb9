import { BODY_REGIONS, CONSISTENCY_LEVELS, LESION_TYPES } from '../../model/injury.ts';
import { isId } from '../validate.ts';
import type { FindingFilter } from './finding-filter.ts';
import type { ItemCursor, ItemFilter } from './items.ts';
import { decodeCursor } from './items.ts';

export const PAGE_MAX = 200;

export type ItemQuery = { filter: ItemFilter; limit: number; after: ItemCursor | null };

/** The query parameters of the item filters (the grid's URL carries exactly these). */
export const ITEM_FILTER_KEYS = [
  'kind',
  'hasAnnotations',
  'status',
  'inBody',
  'lesionType',
  'bodyRegion',
  'consistency',
  'reviewer',
  'from',
  'to'
] as const;

const DAY_MS = 86_400_000;

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
  const findings = parseFindingFilter(params);
  if ('error' in findings) return findings;
  if (Object.keys(findings).length > 0) filter.findings = findings;
  return { filter, limit, after };
}

/** A calendar day `YYYY-MM-DD` → its first instant (UTC), or null. */
function dayStart(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const at = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== text ? null : at;
}

function parseFindingFilter(params: URLSearchParams): FindingFilter | { error: string } {
  const filter: FindingFilter = {};
  const choices = [
    ['lesionType', LESION_TYPES],
    ['bodyRegion', BODY_REGIONS],
    ['consistency', CONSISTENCY_LEVELS]
  ] as const;
  for (const [key, allowed] of choices) {
    const value = params.get(key);
    if (value === null) continue;
    if (!(allowed as readonly string[]).includes(value))
      return { error: `${key} must be one of: ${allowed.join(', ')}` };
    filter[key] = value;
  }
  const reviewer = params.get('reviewer');
  if (reviewer !== null) {
    if (!isId(reviewer)) return { error: 'reviewer must be a user id' };
    filter.author = reviewer;
  }
  for (const key of ['from', 'to'] as const) {
    const text = params.get(key);
    if (text === null) continue;
    const at = dayStart(text);
    if (at === null) return { error: `${key} must be a date, YYYY-MM-DD` };
    // `to` names the last day included: the range ends where the next day starts.
    filter[key] = key === 'to' ? at + DAY_MS : at;
  }
  if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to)
    return { error: 'from must not be after to' };
  return filter;
}
