/**
 * What the body page shows besides the body itself: its photos as cards, and every finding of
 * every photo (from the projection of each photo's shared layer) for the body chart. Two queries,
 * whatever the number of photos.
 */
import type { Db } from '../db/connect.ts';
import type { ChartFinding } from '../../model/body-chart.ts';
import { itemRoom } from '../../model/rooms.ts';

export type BodyPhoto = {
  id: string;
  kind: string;
  status: string;
  originalName: string;
  width: number;
  height: number;
};

/**
 * The body's photos by id (ready or not; the page shows them in the body's order). Without their
 * finding counts: a count would tell a blind reviewer whether colleagues found something.
 */
export async function bodyPhotos(db: Db, itemIds: string[]): Promise<Map<string, BodyPhoto>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('items')
    .select(['id', 'kind', 'status', 'original_name', 'width', 'height'])
    .where('id', 'in', itemIds)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        kind: r.kind,
        status: r.status,
        originalName: r.original_name,
        width: r.width,
        height: r.height
      }
    ])
  );
}

const field = (finding: Record<string, unknown>, key: string) =>
  typeof finding[key] === 'string' ? (finding[key] as string) : null;

/** Every standing finding (not deleted) on the shared layer of these photos, for the body chart. */
export async function bodyFindings(db: Db, itemIds: string[]): Promise<ChartFinding[]> {
  if (itemIds.length === 0) return [];
  const rows = await db
    .selectFrom('annotations')
    .select(['item_id', 'id', 'finding'])
    .where('room', 'in', itemIds.map(itemRoom))
    .where('deleted_by', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => {
    let finding: Record<string, unknown> = {};
    try {
      finding = JSON.parse(row.finding) as Record<string, unknown>;
    } catch {
      // A projection is derived data; an unreadable finding is shown without a region.
    }
    return {
      itemId: row.item_id,
      annotationId: row.id,
      lesionType: field(finding, 'lesionType'),
      bodyRegion: field(finding, 'bodyRegion'),
      side: field(finding, 'side'),
      consistency: field(finding, 'consistency')
    };
  });
}

/** The body a photo belongs to, if any, named by its identifiers (for "part of body …"). */
export async function bodyOfItem(db: Db, itemId: string): Promise<{ id: string; label: string } | null> {
  const row = await db
    .selectFrom('body_items as bi')
    .innerJoin('bodies as b', 'b.id', 'bi.body_id')
    .select('b.id')
    .where('bi.item_id', '=', itemId)
    .where('b.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const identifiers = await db
    .selectFrom('body_identifiers')
    .select('raw')
    .where('body_id', '=', row.id)
    .orderBy('created_at')
    .limit(3)
    .execute();
  return { id: row.id, label: identifiers.map((i) => i.raw).join(' · ') };
}
