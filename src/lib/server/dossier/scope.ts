/**
 * What a dossier is about, and what it therefore holds: the items of one item, one queue, one
 * collection, one body (its photographs, in order, with their roles) or one person (the photographs
 * of the bodies identified as them, confirmed or proposed, and the pages that name them); their
 * collection, the queues they were reviewed in, and the submitted blind reviews of items whose
 * reviews are complete (a partial set would unblind reviewers still at work). Access is decided
 * before (auth/access/dossiers.ts `dossierForUser`); this module only reads.
 */
import type { Db } from '../db/connect.ts';
import { findCollectionByName } from '../collections/collections.ts';

export const SCOPE_KINDS = ['item', 'queue', 'collection', 'body', 'person'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];
export type ScopeRef = { kind: ScopeKind; id: string };

export type DossierItem = {
  id: string;
  kind: 'photo' | 'document';
  collectionId: string;
  documentId: string | null;
  page: number;
  sha256: string;
  mime: string;
  bytes: number;
  width: number;
  height: number;
  originalName: string;
  exif: string;
  ingestedBy: string;
  ingestedAt: number;
};

export type Review = { itemId: string; assignmentId: string; queueId: string; userId: string; at: number };

export type DossierScope = ScopeRef & {
  title: string;
  /** A photograph's role in its body (face, tag, …), by item id. */
  roles: Record<string, string>;
  /** The bodies a body or person dossier is about (their audit rows are custody too). */
  bodies: string[];
  collection: { id: string; name: string };
  items: DossierItem[];
  queues: Array<{ id: string; name: string; task: string; blind: boolean }>;
  reviews: Review[];
};

const ITEM_COLUMNS = [
  'i.id',
  'i.kind',
  'i.collection_id',
  'i.document_id',
  'i.page_index',
  'i.sha256',
  'i.mime',
  'i.bytes',
  'i.width',
  'i.height',
  'i.original_name',
  'i.exif',
  'i.ingested_by',
  'i.ingested_at'
] as const;

type ItemSelect = {
  id: string;
  kind: 'photo' | 'document';
  collection_id: string;
  document_id: string | null;
  page_index: number;
  sha256: string;
  mime: string;
  bytes: number;
  width: number;
  height: number;
  original_name: string;
  exif: string;
  ingested_by: string;
  ingested_at: number;
};

const toItem = (r: ItemSelect): DossierItem => ({
  id: r.id,
  kind: r.kind,
  collectionId: r.collection_id,
  documentId: r.document_id,
  page: r.page_index,
  sha256: r.sha256,
  mime: r.mime,
  bytes: Number(r.bytes),
  width: r.width,
  height: r.height,
  originalName: r.original_name,
  exif: r.exif,
  ingestedBy: r.ingested_by,
  ingestedAt: Number(r.ingested_at)
});

/** Bodies a person was identified with (not excluded), in the order they were proposed. */
export async function bodiesOfPerson(db: Db, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('identifications')
    .select('body_id')
    .where('person_id', '=', personId)
    .where('status', '!=', 'excluded')
    .orderBy('created_at')
    .execute();
  return [...new Set(rows.map((r) => r.body_id))];
}

async function itemsOf(db: Db, ref: ScopeRef): Promise<DossierItem[]> {
  const base = db.selectFrom('items as i').select(ITEM_COLUMNS).where('i.status', '=', 'ready');
  if (ref.kind === 'body' || ref.kind === 'person') {
    const bodies = ref.kind === 'body' ? [ref.id] : await bodiesOfPerson(db, ref.id);
    const photos = [];
    for (const bodyId of bodies)
      photos.push(
        ...(await base
          .innerJoin('body_items as b', 'b.item_id', 'i.id')
          .where('b.body_id', '=', bodyId)
          .orderBy('b.position')
          .execute())
      );
    const pages =
      ref.kind === 'person'
        ? await base
            .where((eb) =>
              eb.exists(
                eb
                  .selectFrom('mentions as m')
                  .select('m.id')
                  .whereRef('m.item_id', '=', 'i.id')
                  .where('m.person_id', '=', ref.id)
                  .where('m.present', '=', 1)
              )
            )
            .orderBy('i.ingested_at')
            .orderBy('i.id')
            .execute()
        : [];
    return [...photos, ...pages].map(toItem);
  }
  const rows =
    ref.kind === 'item'
      ? await base.where('i.id', '=', ref.id).execute()
      : ref.kind === 'queue'
        ? await base
            .innerJoin('queue_items as qi', 'qi.item_id', 'i.id')
            .where('qi.queue_id', '=', ref.id)
            .orderBy('qi.position')
            .execute()
        : await base.where('i.collection_id', '=', ref.id).orderBy('i.ingested_at').orderBy('i.id').execute();
  return rows.map(toItem);
}

/** Submitted reviews of these items in blind queues where the item has all its reviews. */
async function completeReviews(db: Db, itemIds: string[], queueId?: string): Promise<Review[]> {
  const reviews: Review[] = [];
  for (let i = 0; i < itemIds.length; i += 500) {
    let query = db
      .selectFrom('assignments as a')
      .innerJoin('queues as q', 'q.id', 'a.queue_id')
      .innerJoin('queue_items as qi', (join) =>
        join.onRef('qi.queue_id', '=', 'a.queue_id').onRef('qi.item_id', '=', 'a.item_id')
      )
      .select(['a.id', 'a.item_id', 'a.queue_id', 'a.user_id', 'a.finished_at'])
      .where('a.item_id', 'in', itemIds.slice(i, i + 500))
      .where('a.status', '=', 'submitted')
      .where('q.blind', '=', 1)
      .whereRef('qi.done', '>=', 'q.reviews_per_item');
    if (queueId) query = query.where('a.queue_id', '=', queueId);
    for (const r of await query.orderBy('a.finished_at').orderBy('a.id').execute())
      reviews.push({
        itemId: r.item_id,
        assignmentId: r.id,
        queueId: r.queue_id,
        userId: r.user_id,
        at: Number(r.finished_at)
      });
  }
  return reviews;
}

/** The scope's content, or null when the item, queue or collection does not exist. */
export async function resolveScope(db: Db, ref: ScopeRef): Promise<DossierScope | null> {
  let title: string;
  let collectionId: string;
  if (ref.kind === 'body') {
    const body = await db
      .selectFrom('bodies')
      .select(['collection_id'])
      .where('id', '=', ref.id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!body) return null;
    [title, collectionId] = [`body ${ref.id}`, body.collection_id];
  } else if (ref.kind === 'person') {
    const person = await db
      .selectFrom('persons')
      .select(['name', 'collection_id'])
      .where('id', '=', ref.id)
      .executeTakeFirst();
    if (!person) return null;
    [title, collectionId] = [person.name, person.collection_id];
  } else if (ref.kind === 'queue') {
    const queue = await db
      .selectFrom('queues')
      .select(['name', 'collection_id'])
      .where('id', '=', ref.id)
      .executeTakeFirst();
    if (!queue) return null;
    [title, collectionId] = [queue.name, queue.collection_id];
  } else if (ref.kind === 'item') {
    const item = await db
      .selectFrom('items')
      .select(['original_name', 'collection_id'])
      .where('id', '=', ref.id)
      .where('status', '=', 'ready')
      .executeTakeFirst();
    if (!item) return null;
    [title, collectionId] = [item.original_name, item.collection_id];
  } else {
    collectionId = ref.id;
    title = '';
  }
  const collection = await db
    .selectFrom('collections')
    .select(['id', 'name'])
    .where('id', '=', collectionId)
    .executeTakeFirst();
  if (!collection) return null;
  const items = await itemsOf(db, ref);
  const roles: Record<string, string> = {};
  for (let i = 0; i < items.length; i += 500) {
    const rows = await db
      .selectFrom('body_items')
      .select(['item_id', 'role'])
      .where(
        'item_id',
        'in',
        items.slice(i, i + 500).map((item) => item.id)
      )
      .execute();
    for (const r of rows) roles[r.item_id] = r.role;
  }
  const reviews = await completeReviews(
    db,
    items.map((i) => i.id),
    ref.kind === 'queue' ? ref.id : undefined
  );
  const queueIds = ref.kind === 'queue' ? [ref.id] : [...new Set(reviews.map((r) => r.queueId))];
  const queues =
    queueIds.length === 0
      ? []
      : await db
          .selectFrom('queues')
          .select(['id', 'name', 'task', 'blind'])
          .where('id', 'in', queueIds)
          .execute();
  return {
    ...ref,
    title: title || collection.name,
    roles,
    bodies: ref.kind === 'body' ? [ref.id] : ref.kind === 'person' ? await bodiesOfPerson(db, ref.id) : [],
    collection,
    items,
    queues: queues.map((q) => ({ id: q.id, name: q.name, task: q.task, blind: q.blind === 1 })),
    reviews
  };
}

/** `--collection <name>` of the CLI: the collection's id, or null. */
export async function collectionIdByName(db: Db, name: string): Promise<string | null> {
  return (await findCollectionByName(db, name))?.id ?? null;
}
