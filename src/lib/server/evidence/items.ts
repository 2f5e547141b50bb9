/**
 * Items as the HTTP layer sees them. Who may see one is the access policy's (auth/access/collections.ts
 * `itemForUser`).
 */
import { sql, type SqlBool } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { ItemRow } from '../db/schema.ts';
import { blindItemIds, blindItems } from '../auth/access/blind.ts';
import { newId } from '../ids.ts';
import { whereFindings, type FindingFilter } from './finding-filter.ts';

export type ItemSummary = {
  id: string;
  collectionId: string;
  documentId: string | null;
  page: number;
  kind: string;
  status: string;
  originalName: string;
  width: number;
  height: number;
  /** null for an item the reader reviews blind. */
  annotationCount: number | null;
  ingestedAt: number;
  /** The body the photo belongs to (listings only; bodies/bodies.ts). */
  bodyId?: string | null;
};

/** What every description of an item names. */
function basics(item: ItemRow) {
  return {
    id: item.id,
    collectionId: item.collection_id,
    documentId: item.document_id,
    page: item.page_index,
    kind: item.kind,
    originalName: item.original_name,
    width: item.width,
    height: item.height
  };
}

export function summarise(item: ItemRow): ItemSummary {
  return {
    ...basics(item),
    status: item.status,
    annotationCount: Number(item.annotation_count),
    ingestedAt: Number(item.ingested_at)
  };
}

export function describeItem(item: ItemRow, origin: string) {
  return {
    ...basics(item),
    sha256: item.sha256,
    mime: item.mime,
    bytes: Number(item.bytes),
    originalPath: item.original_path,
    originalModifiedAt: new Date(Number(item.original_mtime)).toISOString(),
    ingestedAt: new Date(Number(item.ingested_at)).toISOString(),
    ingestedBy: item.ingested_by,
    exif: JSON.parse(item.exif) as Record<string, unknown>,
    iiif: `${origin}/iiif/${item.id}/info.json`
  };
}

export type ItemFilter = {
  kind?: 'photo' | 'document';
  status?: 'processing' | 'ready';
  hasAnnotations?: boolean;
  /** In a body (true) or not yet (false). */
  inBody?: boolean;
  findings?: FindingFilter;
};

/**
 * Where the grid stands: the last item shown, by its listing order. A document's pages share their
 * ingest time (one transaction), so `group` (the document, or the item itself) keeps them together
 * and `page` in page order.
 */
export type ItemCursor = { at: number; group: string; page: number; id: string };

/**
 * Keyset page over (ingested_at, document or item, page, id): a document's pages together and in
 * order, stable under concurrent ingest, O(limit) at any depth. `viewerId`: the finding filters
 * leave out what they must not reveal to the viewer (`finding-filter.ts`).
 */
export async function listItems(
  db: Db,
  collectionId: string,
  filter: ItemFilter,
  limit: number,
  after: ItemCursor | null,
  viewerId: string
): Promise<{ items: ItemSummary[]; next: ItemCursor | null }> {
  const group = sql<string>`coalesce(items.document_id, items.id)`;
  let query = db
    .selectFrom('items')
    .selectAll()
    .select(group.as('list_group'))
    .where('collection_id', '=', collectionId);
  query = query.where('status', '=', filter.status ?? 'ready');
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.hasAnnotations !== undefined) {
    // Why the blind items leave: whether one has findings would tell its blind reviewer that
    // colleagues annotated it (the same invariant as the finding filters, finding-filter.ts).
    query = query
      .where('items.id', 'not in', blindItemIds(db, viewerId))
      .where('annotation_count', filter.hasAnnotations ? '>' : '=', 0);
  }
  if (filter.inBody !== undefined) {
    const grouped = sql<SqlBool>`exists (select 1 from body_items bi where bi.item_id = items.id)`;
    query = query.where(filter.inBody ? grouped : sql<SqlBool>`not ${grouped}`);
  }
  if (filter.findings) query = whereFindings(db, query, filter.findings, viewerId);
  if (after) {
    // The first condition alone lets the planner start at the cursor's instant in the index.
    query = query
      .where('ingested_at', '>=', after.at)
      .where(
        sql<SqlBool>`(items.ingested_at, ${group}, items.page_index, items.id) > (${after.at}, ${after.group}, ${after.page}, ${after.id})`
      );
  }
  const rows = await query
    .orderBy('ingested_at')
    .orderBy(group)
    .orderBy('page_index')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const bodies = page.length
    ? await db
        .selectFrom('body_items')
        .select(['item_id', 'body_id'])
        .where(
          'item_id',
          'in',
          page.map((item) => item.id)
        )
        .execute()
    : [];
  const bodyOf = new Map(bodies.map((b) => [b.item_id, b.body_id]));
  const blind = new Set(page.length ? await blindItems(db, viewerId) : []);
  return {
    items: page.map((item) => ({
      ...summarise(item),
      // A blind reviewer is not told how many findings the shared layer of their blind item holds.
      ...(blind.has(item.id) ? { annotationCount: null } : {}),
      bodyId: bodyOf.get(item.id) ?? null
    })),
    next:
      rows.length > limit && last
        ? { at: Number(last.ingested_at), group: last.list_group, page: last.page_index, id: last.id }
        : null
  };
}

export function encodeCursor(cursor: ItemCursor): string {
  return Buffer.from(`${cursor.at}:${cursor.group}:${cursor.page}:${cursor.id}`).toString('base64url');
}

export function decodeCursor(text: string): ItemCursor | null {
  const match = /^(\d{1,15}):([a-z2-7]{24}):(\d{1,6}):([a-z2-7]{24})$/.exec(
    Buffer.from(text, 'base64url').toString('utf8')
  );
  return match
    ? { at: Number(match[1]), group: match[2] as string, page: Number(match[3]), id: match[4] as string }
    : null;
}

export async function collectionCounts(db: Db, collectionId: string) {
  const rows = await db
    .selectFrom('items')
    .select((eb) => ['status', 'kind', eb.fn.countAll<number>().as('n')])
    .where('collection_id', '=', collectionId)
    .groupBy(['status', 'kind'])
    .execute();
  const counts = { ready: 0, processing: 0, photo: 0, document: 0 };
  for (const r of rows) {
    counts[r.status] += Number(r.n);
    if (r.status === 'ready') counts[r.kind] += Number(r.n);
  }
  return counts;
}

export async function recordView(
  db: Db,
  itemId: string,
  userId: string,
  via: 'viewer' | 'original'
): Promise<void> {
  await db
    .insertInto('item_views')
    .values({ id: newId(), item_id: itemId, user_id: userId, via, at: Date.now() })
    .execute();
}

export async function listViews(db: Db, itemId: string, limit = 200) {
  const rows = await db
    .selectFrom('item_views as v')
    .innerJoin('users as u', 'u.id', 'v.user_id')
    .select(['v.at', 'v.via', 'u.id as userId', 'u.name', 'u.email'])
    .where('v.item_id', '=', itemId)
    .orderBy('v.at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ at: Number(r.at), via: r.via, userId: r.userId, name: r.name, email: r.email }));
}

export async function pagesOf(db: Db, documentId: string): Promise<Array<{ id: string; page: number }>> {
  const rows = await db
    .selectFrom('items')
    .select(['id', 'page_index'])
    .where('document_id', '=', documentId)
    .where('status', '=', 'ready')
    .orderBy('page_index')
    .execute();
  return rows.map((r) => ({ id: r.id, page: r.page_index }));
}
