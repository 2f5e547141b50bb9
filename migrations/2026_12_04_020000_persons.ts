import type { Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * The register of persons (issue 16), per collection:
 * - `persons`: name parts as JSON ({ given: { ar, la }, father, … }), the full names as written
 *   per source (JSON list), birth and arrest dates and places, branch, notes. `merged_into` points
 *   to the person a duplicate was merged into (reversible: clearing it undoes the merge).
 * - `person_keys`: the matching keys of each person (canonical or normalised spelling `k:…`,
 *   consonant skeleton `s:…`, per part), precomputed so candidates are found by an index, not a scan.
 * - `person_numbers`: detainee numbers known from documents, raw and normalised.
 * - `mentions`: names marked in transcriptions (the person's-name mark, the names-mentioned field),
 *   one row per occurrence on a page; linked to a person by a person. `present` is 0 once the name
 *   left the page (a linked mention is kept so its link is not lost). `page_number`: the page's
 *   detainee number field, normalised (a number in a document that names the person).
 * - `person_distinct`: pairs a person marked as not the same (de-duplication), smaller id first.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('persons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('collection_id', 'text', (c) => c.notNull().references('collections.id').onDelete('restrict'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_latin', 'text')
    .addColumn('parts', 'text', (c) => c.notNull())
    // The parts as the matcher reads them (JSON), kept with the parts so candidates need not re-read names.
    .addColumn('tokens', 'text', (c) => c.notNull())
    .addColumn('names_written', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text')
    .addColumn('birth_place', 'text')
    .addColumn('arrest_date', 'text')
    .addColumn('arrest_place', 'text')
    .addColumn('branch', 'text')
    .addColumn('notes', 'text')
    .addColumn('merged_into', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('persons_collection')
    .on('persons')
    .columns(['collection_id', 'name'])
    .execute();

  await db.schema
    .createTable('person_keys')
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('collection_id', 'text', (c) => c.notNull())
    .addColumn('part', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_keys_pk', ['person_id', 'part', 'key'])
    .execute();
  await db.schema
    .createIndex('person_keys_lookup')
    .on('person_keys')
    .columns(['collection_id', 'key', 'person_id'])
    .execute();

  await db.schema
    .createTable('person_numbers')
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('collection_id', 'text', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('normalized', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_numbers_pk', ['person_id', 'normalized'])
    .execute();
  await db.schema
    .createIndex('person_numbers_lookup')
    .on('person_numbers')
    .columns(['collection_id', 'normalized'])
    .execute();

  await db.schema
    .createTable('mentions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('collection_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    // The detainee number the page's fields give (normalised), evidence for an identification.
    .addColumn('page_number', 'text')
    .addColumn('present', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('person_id', 'text', (c) => c.references('persons.id').onDelete('set null'))
    .addColumn('linked_by', 'text')
    .addColumn('linked_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('mentions_occurrence')
    .unique()
    .on('mentions')
    .columns(['item_id', 'source', 'key', 'ordinal'])
    .execute();
  await db.schema.createIndex('mentions_person').on('mentions').columns(['person_id']).execute();
  await db.schema
    .createIndex('mentions_unlinked')
    .on('mentions')
    .columns(['collection_id', 'person_id', 'present'])
    .execute();

  await db.schema
    .createTable('person_distinct')
    .addColumn('a_id', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('b_id', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_distinct_pk', ['a_id', 'b_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['person_distinct', 'mentions', 'person_numbers', 'person_keys', 'persons'])
    await db.schema.dropTable(table).execute();
}
