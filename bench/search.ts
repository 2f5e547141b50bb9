/**
 * Search latency p95 over generated page transcriptions (Arabic and Latin; 130,000 pages, 10,000
 * with --quick), on SQLite and on PostgreSQL when reachable, through the HTTP API (normalisation,
 * ranking, snippets, access check). Anchor, side by side: the same queries straight to the engine
 * (FTS5 MATCH / tsquery, no HTTP, no snippets). Then re-indexing one page as a live edit's projection
 * does (`indexPage`: its old words out, the new in) against writing a page the index has never
 * held (the engine's own insert, nothing to find first). Usage: node bench/search.ts [--quick]
 */
import { sql } from 'kysely';
import { startInstance, type Instance } from '../tests/helpers/athar.ts';
import { DIALECTS } from '../tests/helpers/dialects.ts';
import { connect } from '../src/lib/server/db/connect.ts';
import { queryTerms, searchBody } from '../src/lib/model/normalise.ts';
import { indexPage } from '../src/lib/server/search/search.ts';

const QUICK = process.argv.includes('--quick');
const PAGES = QUICK ? 10_000 : 130_000;
const QUERIES = 200;
const REINDEXES = 200;

const FIRST = [
  'مُحَمَّد',
  'أحمد',
  'محمود',
  'خالد',
  'عبد الله',
  'فاطمة',
  'يوسف',
  'إبراهيم',
  'Hassan',
  'Omar',
  'Layla',
  'Samir'
];
const LAST = ['الحلبي', 'الدمشقي', 'الخطيب', 'السيد', 'Haddad', 'Khoury', 'Nasser', 'Saleh'];
const WORDS = [
  'أمر',
  'نقل',
  'المعتقل',
  'إلى',
  'الفرع',
  'شهادة',
  'وفاة',
  'تحقيق',
  'قائمة',
  'transfer',
  'order',
  'branch',
  'death',
  'record'
];

function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

function page(random: () => number): string {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)] as T;
  const digits = String(Math.floor(random() * 100_000));
  const arabicDigits = digits.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
  return Array.from(
    { length: 6 },
    () =>
      `${pick(WORDS)} ${pick(FIRST)} ${pick(LAST)} ${pick(WORDS)} ${random() < 0.5 ? digits : arabicDigits}`
  ).join('\n');
}

function p95(sample: number[]): number {
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.floor(0.95 * (sorted.length - 1))] as number;
}

async function bench(athar: Instance): Promise<void> {
  const { db, dialect } = connect({
    databaseUrl: athar.env.DATABASE_URL || undefined,
    dataDir: athar.dataDir
  });
  await athar.cli(
    ['user', 'add', 'bench@example.org', '--name', 'Bench', '--role', 'admin'],
    'correct horse battery\n'
  );
  await athar.cli(['collection', 'create', 'Search bench']);
  const token = (await athar.cli(['token', 'create', 'bench@example.org'])).stdout
    .trim()
    .split('\n')
    .at(-1) as string;
  const collection = await db.selectFrom('collections').select('id').executeTakeFirstOrThrow();
  const random = rng(7);
  const started = performance.now();
  /** Pages the index has never held, written straight to the engine in one transaction. */
  const writeNew = (pages: Array<{ itemId: string; raw: string }>) => {
    const rows = pages.map(({ itemId, raw }) => ({
      item_id: itemId,
      collection_id: collection.id,
      document_id: null,
      raw,
      body: searchBody(raw),
      updated_at: Date.now()
    }));
    return db.transaction().execute(async (trx) => {
      await trx.insertInto('search_documents').values(rows).execute();
      if (dialect === 'sqlite')
        for (const r of rows)
          await sql`insert into search_fts (item_id, collection_id, body) values (${r.item_id}, ${r.collection_id}, ${r.body})`.execute(
            trx
          );
    });
  };
  for (let i = 0; i < PAGES; i += 1000)
    await writeNew(
      Array.from({ length: Math.min(1000, PAGES - i) }, (_, j) => ({
        itemId: `bench${String(i + j).padStart(19, '0')}`,
        raw: page(random)
      }))
    );
  if (dialect === 'postgres') await sql`analyze search_documents`.execute(db);
  const indexSeconds = (performance.now() - started) / 1000;
  const queries = Array.from({ length: QUERIES }, (_, i) =>
    [FIRST[i % FIRST.length], i % 3 === 0 ? String(i * 37) : LAST[i % LAST.length]].join(' ')
  );
  const api: number[] = [];
  const engine: number[] = [];
  for (const q of queries) {
    let t = performance.now();
    const res = await fetch(`${athar.url}/api/search?q=${encodeURIComponent(q)}`, {
      headers: { authorization: `Bearer ${token}` }
    });
    await res.json();
    api.push(performance.now() - t);
    const terms = queryTerms(q);
    t = performance.now();
    if (dialect === 'sqlite') {
      await sql`select item_id from search_fts where search_fts match ${terms.map((x) => `"${x}"*`).join(' ')} order by bm25(search_fts) limit 20`.execute(
        db
      );
    } else {
      await sql`select item_id from search_documents, to_tsquery('simple', ${terms.map((x) => `${x}:*`).join(' & ')}) q where tsv @@ q order by ts_rank(tsv, q) desc limit 20`.execute(
        db
      );
    }
    engine.push(performance.now() - t);
  }
  // Alternated: a page already indexed written again, and a new page written once.
  const reindex: number[] = [];
  const fresh: number[] = [];
  for (let i = 0; i < REINDEXES; i++) {
    const raw = page(random);
    let t = performance.now();
    await indexPage(db, dialect, {
      itemId: `bench${String(Math.floor(random() * PAGES)).padStart(19, '0')}`,
      collectionId: collection.id,
      documentId: null,
      raw
    });
    reindex.push(performance.now() - t);
    t = performance.now();
    await writeNew([{ itemId: `fresh${String(i).padStart(19, '0')}`, raw }]);
    fresh.push(performance.now() - t);
  }
  await db.destroy();
  console.log(
    `${dialect}: ${PAGES.toLocaleString('en')} pages indexed in ${indexSeconds.toFixed(0)} s; search p95 ${p95(api).toFixed(1)} ms through the API vs ${p95(engine).toFixed(1)} ms in the engine alone: ${(p95(api) / p95(engine)).toFixed(2)}×`
  );
  console.log(
    `${dialect}: re-index one page (a live edit's projection) p95 ${p95(reindex).toFixed(2)} ms vs a new page written once ${p95(fresh).toFixed(2)} ms: ${(p95(reindex) / p95(fresh)).toFixed(2)}×`
  );
}

for (const dialect of DIALECTS) {
  const athar = await startInstance(dialect);
  try {
    await bench(athar);
  } finally {
    await athar.destroy();
  }
}
if (QUICK) console.log(`(--quick: ${PAGES.toLocaleString('en')} pages instead of 130,000)`);
process.exit(0);
