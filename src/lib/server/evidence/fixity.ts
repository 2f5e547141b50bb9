import fs from 'node:fs';
import type { Db } from '../db/connect.ts';
import { audit } from '../audit/log.ts';
import { hashFile, originalPath, type Store } from './store.ts';

export type FixityProblem = { kind: 'missing' | 'mismatch'; sha256: string; detail: string };

/** Re-hashes every stored original against its address; records the outcome in the audit log. */
export async function checkFixity(db: Db, store: Store, actor: string) {
  const rows = await db
    .selectFrom('items')
    .select('sha256')
    .distinct()
    .where('status', '=', 'ready')
    .orderBy('sha256')
    .execute();
  const problems: FixityProblem[] = [];
  for (const { sha256 } of rows) {
    const file = originalPath(store, sha256);
    if (!fs.existsSync(file)) {
      problems.push({ kind: 'missing', sha256, detail: `no file at ${file}` });
      continue;
    }
    const actual = await hashFile(file);
    if (actual !== sha256)
      problems.push({ kind: 'mismatch', sha256, detail: `the file now hashes to ${actual}` });
  }
  await audit(db, {
    actorId: actor.startsWith('cli:') ? null : actor,
    action: 'evidence.fixity',
    details: { checked: rows.length, problems: problems.length, by: actor, first: problems.slice(0, 20) },
    ip: 'cli'
  });
  return { checked: rows.length, problems };
}
