/**
 * Name matching over a generated register (issue 16). A register of persons with realistic Arabic
 * name parts (ism, father, grandfather, family; some with a Latin transliteration), a few percent of
 * them namesakes (same given and family name, another father), and mentions written with the
 * variations documents have: diacritics, tatweel, hamza and taa-marbuta forms, the article dropped
 * or added, عبد compounds joined or split, "بن", a missing grandfather, a slip of the pen, and Latin
 * transliterations generated letter by letter (not taken from the variants table).
 * Prints: top-1 accuracy, recall at 5, the rate at which a namesake with another father is wrongly
 * banded "likely"; candidates p95 at 5,000 and 50,000 persons (SQLite, the capability as the API
 * calls it), with its anchor side by side: the raw blocking query alone.
 * Aims: top-1 ≥ 95 %, wrong "likely" ≤ 2 %, p95 < 50 ms at 50,000. Usage: node bench/name-matching.ts [--quick]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { connect, type Db } from '../src/lib/server/db/connect.ts';
import { migrateToLatest } from '../src/lib/server/db/migrate.ts';
import { newId } from '../src/lib/server/ids.ts';
import { findCandidates } from '../src/lib/server/persons/candidates.ts';
import { tokenKeys } from '../src/lib/server/persons/keys.ts';
import { nameTokens } from '../src/lib/model/names/tokens.ts';
import { fill } from './lib/names-fill.ts';
import { pick, register, rng, type Generated, type Random } from './lib/names-register.ts';
import { mention } from './lib/names-variations.ts';

const QUICK = process.argv.includes('--quick');
const SIZES = QUICK ? [5_000] : [5_000, 50_000];
const MENTIONS = QUICK ? 300 : 1_000;
const LATENCY_QUERIES = 200;

const p95 = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length * 0.95)] as number;
const ms = (n: number) => `${n.toFixed(2)} ms`;

type Bench = { db: Db; collectionId: string; persons: Generated[]; random: Random };

/** Top-1 and recall at 5 over generated mentions; namesakes with another father banded "likely". */
async function accuracy({ db, collectionId, persons, random }: Bench) {
  let top1 = 0;
  let top5 = 0;
  const sample = Array.from({ length: MENTIONS }, () => pick(random, persons));
  for (const p of sample) {
    const found = await findCandidates(db, collectionId, mention(p, random), 5);
    if (found[0]?.personId === p.id) top1++;
    if (found.some((c) => c.personId === p.id)) top5++;
  }
  let pairs = 0;
  let wrong = 0;
  const byGivenFamily = new Map<string, Generated[]>();
  for (const p of persons) {
    const key = `${p.given}|${p.family}`;
    byGivenFamily.set(key, [...(byGivenFamily.get(key) ?? []), p]);
  }
  for (const group of byGivenFamily.values())
    for (const a of group)
      for (const b of group) {
        if (a === b || a.father === b.father || pairs >= 2000) continue;
        pairs++;
        const found = await findCandidates(db, collectionId, mention(a, random), 50);
        if (found.some((c) => c.personId === b.id && c.band === 'likely')) wrong++;
      }
  const pct = (n: number, of: number, digits: number) => ((100 * n) / Math.max(1, of)).toFixed(digits);
  console.log(`register ${persons.length.toLocaleString('en')} persons, ${MENTIONS} mentions (40 % Latin)`);
  console.log(`  top-1 accuracy ${pct(top1, MENTIONS, 1)} % (aim ≥ 95 %)`);
  console.log(`  recall at 5    ${pct(top5, MENTIONS, 1)} %`);
  console.log(
    `  namesake with another father banded "likely": ${wrong} of ${pairs} = ${pct(wrong, pairs, 2)} % (aim ≤ 2 %)`
  );
}

/** Candidates as the API calls them, and the raw blocking query alone (the anchor), p95 of each. */
async function latency({ db, collectionId, persons, random }: Bench) {
  const queries = Array.from({ length: LATENCY_QUERIES }, () => mention(pick(random, persons), random));
  const full: number[] = [];
  const raw: number[] = [];
  for (const q of queries) {
    let t = performance.now();
    await findCandidates(db, collectionId, q, 10);
    full.push(performance.now() - t);
    const keys = [...new Set(nameTokens(q).flatMap(tokenKeys))];
    t = performance.now();
    await sql`select person_id, count(*) as hits from person_keys where collection_id = ${collectionId} and key in (${sql.join(keys)}) group by person_id order by hits desc limit 200`.execute(
      db
    );
    raw.push(performance.now() - t);
  }
  console.log(
    `candidates at ${persons.length.toLocaleString('en')} persons: p95 ${ms(p95(full))} (aim < 50 ms); anchor, the raw blocking query: p95 ${ms(p95(raw))}; ratio ${(p95(full) / p95(raw)).toFixed(2)}×`
  );
}

async function run(size: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-names-'));
  const { db } = connect({ databaseUrl: undefined, dataDir: dir });
  try {
    await migrateToLatest(db);
    const collectionId = newId();
    await db
      .insertInto('collections')
      .values({ id: collectionId, name: 'bench', created_at: Date.now() })
      .execute();
    const random = rng(size);
    const persons = register(size, random);
    await fill(db, collectionId, persons, random);
    const bench = { db, collectionId, persons, random };
    // Accuracy on the 5,000 register only (the larger one is about time).
    if (size === SIZES[0]) await accuracy(bench);
    await latency(bench);
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

for (const size of SIZES) await run(size);
