/**
 * The search index itself, on both dialects with a migrated database and no server: what a page's
 * projection writes (`indexPage`, run for each live edit of its transcription) and what a search
 * may return (`searchPages`). The HTTP API's search (normalisation, collections, highlights) is
 * tested end to end in transcription-api.spec.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchBody } from '../../src/lib/model/normalise.ts';
import { connect, type Db, type Dialect } from '../../src/lib/server/db/connect.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { indexPage, searchPages } from '../../src/lib/server/search/search.ts';
import { DIALECTS, createPgDatabase } from '../helpers/dialects.ts';

const COLLECTION = 'searchcollection00000001';
/** Page ids where one is the start of another: re-indexing the first must leave the second alone. */
const PAGE = 'searchpage00000000000001';
const LONGER = 'searchpage000000000000011';
const NEIGHBOUR = 'searchpage00000000000002';

for (const dialect of DIALECTS) {
  describe(`search index (${dialect})`, () => {
    let db: Db;
    let cleanUp: () => Promise<void>;

    const found = async (q: string, collections = [COLLECTION]) =>
      (await searchPages(db, dialect as Dialect, q, collections)).map((r) => r.itemId).sort();
    const index = (itemId: string, raw: string) =>
      indexPage(db, dialect as Dialect, { itemId, collectionId: COLLECTION, documentId: null, raw });

    beforeAll(async () => {
      if (dialect === 'sqlite') {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-search-index-'));
        ({ db } = connect({ databaseUrl: undefined, dataDir: dir, backgroundCheckpoints: false }));
        cleanUp = async () => fs.rmSync(dir, { recursive: true, force: true });
      } else {
        const database = await createPgDatabase();
        ({ db } = connect({ databaseUrl: database.url, dataDir: os.tmpdir() }));
        cleanUp = database.drop;
      }
      await migrateToLatest(db);
      await db.insertInto('collections').values({ id: COLLECTION, name: 'Search', created_at: 0 }).execute();
    });
    afterAll(async () => {
      await db?.destroy();
      await cleanUp?.();
    });

    it("replaces a page's words when it is indexed again, and only that page's", async () => {
      await index(PAGE, 'مُحَمَّد الحلبي');
      await index(LONGER, 'مُحَمَّد الحلبي');
      await index(NEIGHBOUR, 'محمد الدمشقي');
      expect(await found('محمد')).toEqual([PAGE, LONGER, NEIGHBOUR].sort());

      await index(PAGE, 'خالد السيد');
      expect(await found('خالد')).toEqual([PAGE]);
      expect(await found('الحلبي')).toEqual([LONGER]);
      expect(await found('محمد')).toEqual([LONGER, NEIGHBOUR].sort());

      await index(PAGE, 'خالد السيد في الفرع');
      expect(await found('الفرع')).toEqual([PAGE]);
      if (dialect === 'sqlite') {
        const { rows } = await sql<{ item_id: string; n: number }>`select item_id, count(*) as n
          from search_fts group by item_id order by item_id`.execute(db);
        expect(rows).toEqual([PAGE, LONGER, NEIGHBOUR].sort().map((item_id) => ({ item_id, n: 1 })));
      }
    });

    it("never returns a page of a collection that is not one of the caller's", async () => {
      // A page indexed under a collection id no collection has: a caller whose collections are all
      // there are (SQLite then matches the words alone) must still not find it.
      const orphan = { item: 'orphanpage00000000000000', collection: 'orphancollection00000000' };
      const raw = 'مُحَمَّد الحلبي اليتيم';
      await db
        .insertInto('search_documents')
        .values({
          item_id: orphan.item,
          collection_id: orphan.collection,
          document_id: null,
          raw,
          body: searchBody(raw),
          updated_at: 0
        })
        .execute();
      if (dialect === 'sqlite')
        await sql`insert into search_fts (item_id, collection_id, body)
          values (${orphan.item}, ${orphan.collection}, ${searchBody(raw)})`.execute(db);
      expect(await found('اليتيم')).toEqual([]);
      expect(await found('محمد')).not.toContain(orphan.item);
      expect(await found('اليتيم', [COLLECTION, orphan.collection])).toEqual([orphan.item]);
    });
  });
}
