/**
 * Mentions: the persons' names on transcribed pages (model/transcription-text.ts `namesOnPage`),
 * one row per occurrence, kept in step with the page by the collab projection. A mention is linked
 * to a person by a person (audited); an algorithm only suggests (candidates.ts).
 *
 * Invariants:
 * - An occurrence is (item, source, name key, ordinal): the n-th time the same name (as the matcher
 *   reads it) appears on the page from that source. Editing other text leaves it, and its link, alone.
 * - A name that leaves the page is deleted when unlinked; a linked one is kept with `present = 0`, so
 *   that a link made by a person is never silently lost (it comes back if the name is restored).
 */
import type { Selectable, Transaction } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Database, MentionSource, MentionsTable } from '../db/schema.ts';
import { audit } from '../audit/log.ts';
import { newId } from '../ids.ts';
import { IDENTIFIER_MAX, normalizeIdentifier } from '../../model/identifiers.ts';
import { normalise } from '../../model/normalise.ts';
import { nameTokens } from '../../model/names/tokens.ts';
import type { NameOnPage } from '../../model/transcription-text.ts';
import { refuse, type Refusal } from '../bodies/result.ts';
import { proposeFromNumbers } from './identifications.ts';

/** The longest mention kept: a longer marked run is a paragraph, not a name. */
export const MENTION_MAX = 300;
const PER_PAGE_MAX = 500;

/** The key an occurrence is known by: the matcher's reading of the name, else its normalised text. */
export function mentionKey(text: string): string {
  const keys = nameTokens(text).map((t) => t.key);
  return (keys.length ? keys.join(' ') : normalise(text).replace(/\s+/g, ' ')).slice(0, MENTION_MAX);
}

type Occurrence = { source: MentionSource; text: string; key: string; ordinal: number };

function occurrences(names: NameOnPage[]): Occurrence[] {
  const seen = new Map<string, number>();
  const out: Occurrence[] = [];
  for (const name of names.slice(0, PER_PAGE_MAX)) {
    if (name.text.length > MENTION_MAX) continue;
    const key = mentionKey(name.text);
    const id = `${name.source} ${key}`;
    const ordinal = seen.get(id) ?? 0;
    seen.set(id, ordinal + 1);
    out.push({ source: name.source, text: name.text, key, ordinal });
  }
  return out;
}

/** Brings the page's mention rows in step with the names on it (see the invariants). */
export async function syncMentions(
  db: Db,
  page: { itemId: string; collectionId: string; number: string },
  names: NameOnPage[]
): Promise<void> {
  const wanted = occurrences(names);
  const pageNumber = normalizeIdentifier(page.number.slice(0, IDENTIFIER_MAX)) || null;
  await db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('mentions')
      .select(['id', 'source', 'key', 'ordinal', 'text', 'present', 'person_id', 'page_number'])
      .where('item_id', '=', page.itemId)
      .execute();
    const byKey = new Map(rows.map((r) => [`${r.source} ${r.key} ${r.ordinal}`, r]));
    const now = Date.now();
    for (const o of wanted) {
      const id = `${o.source} ${o.key} ${o.ordinal}`;
      const row = byKey.get(id);
      byKey.delete(id);
      if (!row)
        await trx
          .insertInto('mentions')
          .values({
            id: newId(),
            collection_id: page.collectionId,
            item_id: page.itemId,
            ...o,
            page_number: pageNumber,
            person_id: null,
            linked_by: null,
            linked_at: null,
            created_at: now
          })
          .execute();
      else if (row.text !== o.text || row.present !== 1 || row.page_number !== pageNumber)
        await trx
          .updateTable('mentions')
          .set({ text: o.text, present: 1, page_number: pageNumber })
          .where('id', '=', row.id)
          .execute();
    }
    const gone = [...byKey.values()];
    const unlinked = gone.filter((r) => r.person_id === null).map((r) => r.id);
    const linked = gone.filter((r) => r.person_id !== null && r.present === 1).map((r) => r.id);
    if (unlinked.length) await trx.deleteFrom('mentions').where('id', 'in', unlinked).execute();
    if (linked.length)
      await trx.updateTable('mentions').set({ present: 0 }).where('id', 'in', linked).execute();
  });
}

export type MentionRow = {
  id: string;
  itemId: string;
  source: MentionSource;
  text: string;
  present: boolean;
  personId: string | null;
};

const mentionColumns = ['m.id', 'm.item_id', 'm.source', 'm.text', 'm.present', 'm.person_id'] as const;
const toMention = (r: {
  id: string;
  item_id: string;
  source: MentionSource;
  text: string;
  present: number;
  person_id: string | null;
}): MentionRow => ({
  id: r.id,
  itemId: r.item_id,
  source: r.source,
  text: r.text,
  present: r.present === 1,
  personId: r.person_id
});

/**
 * "Names not yet in the register": the collection's unlinked mentions still on their pages, except
 * those on `hiddenItems` (the reader reviews them blind: auth/access/blind.ts `blindItems`).
 */
export async function unlinkedMentions(
  db: Db,
  collectionId: string,
  hiddenItems: string[],
  limit = 200,
  offset = 0
) {
  let query = db
    .selectFrom('mentions as m')
    .innerJoin('items as i', 'i.id', 'm.item_id')
    .select([...mentionColumns, 'i.original_name'])
    .where('m.collection_id', '=', collectionId)
    .where('m.person_id', 'is', null)
    .where('m.present', '=', 1)
    .where('i.status', '=', 'ready');
  if (hiddenItems.length) query = query.where('m.item_id', 'not in', hiddenItems);
  const rows = await query.orderBy('m.key').orderBy('m.id').limit(limit).offset(offset).execute();
  return rows.map((r) => ({ ...toMention(r), page: r.original_name }));
}

/** The mentions of a person and of the duplicates merged into them, with their pages (not `hiddenItems`). */
export async function mentionsOf(db: Db, personIds: string[], hiddenItems: string[]) {
  if (!personIds.length) return [];
  let query = db
    .selectFrom('mentions as m')
    .innerJoin('items as i', 'i.id', 'm.item_id')
    .select([...mentionColumns, 'i.original_name'])
    .where('m.person_id', 'in', personIds);
  if (hiddenItems.length) query = query.where('m.item_id', 'not in', hiddenItems);
  const rows = await query.orderBy('i.original_name').orderBy('m.id').execute();
  return rows.map((r) => ({ ...toMention(r), page: r.original_name }));
}

export type MentionRecord = Selectable<MentionsTable>;

export async function findMention(
  db: Db | Transaction<Database>,
  id: string
): Promise<MentionRecord | undefined> {
  return db.selectFrom('mentions').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Links a mention to a person of the same collection, or unlinks it (`personId` null). Audited with
 * the link it replaces, so that the log can tell who linked a name to whom and when.
 */
export async function linkMention(
  db: Db,
  actorId: string,
  mentionId: string,
  personId: string | null,
  ip: string | null = null
): Promise<{ ok: true } | Refusal> {
  const done = await db.transaction().execute(async (trx) => {
    const mention = await findMention(trx, mentionId);
    if (!mention) return refuse(404, 'No such mention.');
    if (personId !== null) {
      const person = await trx
        .selectFrom('persons')
        .select(['collection_id', 'merged_into'])
        .where('id', '=', personId)
        .executeTakeFirst();
      // Why: a person of another collection must look like no person at all (see personForUser).
      if (!person || person.collection_id !== mention.collection_id) return refuse(404, 'No such person.');
      if (person.merged_into !== null)
        return refuse(409, 'This person was merged into another: link to that one.');
    }
    await trx
      .updateTable('mentions')
      .set({ person_id: personId, linked_by: actorId, linked_at: Date.now() })
      .where('id', '=', mentionId)
      .execute();
    await audit(trx, {
      actorId,
      action: personId ? 'mention.link' : 'mention.unlink',
      target: mentionId,
      details: { personId, previous: mention.person_id, itemId: mention.item_id },
      ip
    });
    return { ok: true, collectionId: mention.collection_id, pageNumber: mention.page_number } as const;
  });
  if (!done.ok) return done;
  // The page's detainee number may equal a verified body identifier: propose (never confirm).
  if (personId !== null && done.pageNumber !== null) await proposeFromNumbers(db, done.collectionId);
  return { ok: true };
}
