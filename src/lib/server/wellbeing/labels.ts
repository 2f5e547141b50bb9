/**
 * Content labels of items and bodies: the one owner of `content_labels`.
 *
 * Invariants:
 * - A label is set by someone who may see its item or body and is not read-only (observers write
 *   nothing); the routes check that through auth/access/ before calling `setLabel`.
 * - Every change is audited in the same transaction as the change (`label.item` / `label.body`).
 * - A body's label applies to each of its photos: an item's effective label is its own combined
 *   with those of the (not deleted) bodies it belongs to — the higher severity, the union of tags.
 */
import * as v from 'valibot';
import { audit } from '../audit/log.ts';
import type { Db } from '../db/connect.ts';
import {
  CONTENT_TAGS,
  SEVERITIES,
  combineLabels,
  type ContentLabel,
  type ContentTag,
  type Severity
} from '../../model/content-labels.ts';
import { checkRequest, type Check } from '../validate.ts';

export type LabelTarget = { kind: 'item' | 'body'; id: string };
export type StoredLabel = ContentLabel & { updatedBy: string | null; updatedAt: number };

const LabelSchema = v.strictObject(
  {
    severity: v.nullable(v.picklist(SEVERITIES, `severity must be one of ${SEVERITIES.join(', ')} or null`)),
    tags: v.pipe(
      v.array(
        v.picklist(CONTENT_TAGS, `tags must be among ${CONTENT_TAGS.join(', ')}`),
        'tags must be a list'
      ),
      v.check((tags) => new Set(tags).size === tags.length, 'tags must not repeat a tag')
    )
  },
  'Send { "severity": 1 | 2 | 3 | null, "tags": [...] }.'
);

export function checkLabel(body: unknown): Check<ContentLabel> {
  return checkRequest(LabelSchema, body);
}

type Row = { severity: number | null; tags: string; updated_by: string | null; updated_at: number | string };

function fromRow(row: Row): StoredLabel {
  const tags = JSON.parse(row.tags) as string[];
  return {
    severity: row.severity === null ? null : (Number(row.severity) as Severity),
    tags: CONTENT_TAGS.filter((t) => tags.includes(t)),
    updatedBy: row.updated_by,
    updatedAt: Number(row.updated_at)
  };
}

export async function labelOf(db: Db, target: LabelTarget): Promise<StoredLabel | null> {
  const row = await db
    .selectFrom('content_labels')
    .select(['severity', 'tags', 'updated_by', 'updated_at'])
    .where('target_kind', '=', target.kind)
    .where('target_id', '=', target.id)
    .executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** Sets (replaces) the label of an item or body and audits the change; returns what is stored. */
export async function setLabel(
  db: Db,
  actorId: string,
  target: LabelTarget,
  label: ContentLabel,
  ip: string | null
): Promise<StoredLabel> {
  const row = {
    severity: label.severity,
    tags: JSON.stringify(CONTENT_TAGS.filter((t) => label.tags.includes(t))),
    updated_by: actorId,
    updated_at: Date.now()
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('content_labels')
      .values({ target_kind: target.kind, target_id: target.id, ...row })
      .onConflict((oc) => oc.columns(['target_kind', 'target_id']).doUpdateSet(row))
      .execute();
    await audit(trx, {
      actorId,
      action: `label.${target.kind}`,
      target: target.id,
      details: { severity: label.severity, tags: JSON.parse(row.tags) },
      ip
    });
  });
  return fromRow(row);
}

type ItemScope = { itemIds: string[] } | { queueId: string };

/**
 * The effective labels of the items in scope: each item's own combined with its bodies' (see
 * header). A queue is scoped by a subquery, so that a queue of any size is one bounded query.
 */
export async function effectiveLabels(db: Db, scope: ItemScope): Promise<Map<string, ContentLabel>> {
  const result = new Map<string, ContentLabel>();
  if ('itemIds' in scope && scope.itemIds.length === 0) return result;
  const inScope =
    'itemIds' in scope
      ? scope.itemIds
      : db.selectFrom('queue_items').select('item_id').where('queue_id', '=', scope.queueId);
  const own = await db
    .selectFrom('content_labels')
    .select(['target_id as item_id', 'severity', 'tags', 'updated_by', 'updated_at'])
    .where('target_kind', '=', 'item')
    .where('target_id', 'in', inScope)
    .execute();
  const viaBodies = await db
    .selectFrom('content_labels as l')
    .innerJoin('body_items as bi', 'bi.body_id', 'l.target_id')
    .innerJoin('bodies as b', 'b.id', 'bi.body_id')
    .select(['bi.item_id', 'l.severity', 'l.tags', 'l.updated_by', 'l.updated_at'])
    .where('l.target_kind', '=', 'body')
    .where('b.deleted_at', 'is', null)
    .where('bi.item_id', 'in', inScope)
    .execute();
  const byItem = new Map<string, ContentLabel[]>();
  for (const row of [...own, ...viaBodies]) {
    const list = byItem.get(row.item_id) ?? [];
    list.push(fromRow(row));
    byItem.set(row.item_id, list);
  }
  for (const [itemId, labels] of byItem) {
    const combined = combineLabels(labels);
    if (combined) result.set(itemId, combined);
  }
  return result;
}

export async function effectiveLabel(db: Db, itemId: string): Promise<ContentLabel | null> {
  return (await effectiveLabels(db, { itemIds: [itemId] })).get(itemId) ?? null;
}

/** The item's severity: its own label's or, higher, that of a body it shows (null: not labelled). */
export async function severityOfItem(db: Db, itemId: string): Promise<Severity | null> {
  return (await effectiveLabel(db, itemId))?.severity ?? null;
}

export type LabelSummary = {
  items: number;
  labelled: number;
  bySeverity: Record<Severity, number>;
  byTag: Partial<Record<ContentTag, number>>;
};

/** What a queue contains: items per severity and per tag, by their effective labels. */
export async function queueLabelSummary(db: Db, queueId: string): Promise<LabelSummary> {
  const { n } = await db
    .selectFrom('queue_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('queue_id', '=', queueId)
    .executeTakeFirstOrThrow();
  const labels = await effectiveLabels(db, { queueId });
  const summary: LabelSummary = {
    items: Number(n),
    labelled: labels.size,
    bySeverity: { 1: 0, 2: 0, 3: 0 },
    byTag: {}
  };
  for (const label of labels.values()) {
    if (label.severity !== null) summary.bySeverity[label.severity]++;
    for (const tag of label.tags) summary.byTag[tag] = (summary.byTag[tag] ?? 0) + 1;
  }
  return summary;
}

/** A page of listed items, each with its effective label (the grid shows it instead of a thumbnail). */
export async function withLabels<T extends { id: string }>(
  db: Db,
  items: T[]
): Promise<Array<T & { label: ContentLabel | null }>> {
  const labels = await effectiveLabels(db, { itemIds: items.map((i) => i.id) });
  return items.map((item) => ({ ...item, label: labels.get(item.id) ?? null }));
}
