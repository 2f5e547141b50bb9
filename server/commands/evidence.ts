import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { releaseHeapSlack } from '../heap-slack.ts';
import { createProgress } from '../progress.ts';
import { findCollectionByName } from '../../src/lib/server/collections/collections.ts';
import { createCollectionAudited } from '../../src/lib/server/collections/manage.ts';
import { checkFixity } from '../../src/lib/server/evidence/fixity.ts';
import type { IngestJob, IngestResult, Kind } from '../../src/lib/server/evidence/ingest.ts';
import { createIngestPool } from '../../src/lib/server/evidence/pool.ts';
import { removeStaleTemp } from '../../src/lib/server/evidence/store.ts';
import { because } from '../../src/lib/server/evidence/reasons.ts';
import { walk } from '../../src/lib/server/evidence/walk.ts';
import { checkName } from '../../src/lib/server/validate.ts';

const actor = () => `cli:${os.userInfo().username}`;

export const commands: Record<string, Command> = {
  ingest: {
    usage: 'ingest <path…> --collection <name> [--kind photo|document] [--json] [--workers <n>]',
    async run({ db, config }, args) {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
          collection: { type: 'string' },
          kind: { type: 'string', default: 'photo' },
          json: { type: 'boolean', default: false },
          workers: { type: 'string' }
        }
      });
      if (positionals.length === 0) throw new UsageError('give at least one file or directory');
      const name = checkName(values.collection);
      if (!name.ok) throw new UsageError('--collection <name> is required');
      if (values.kind !== 'photo' && values.kind !== 'document')
        throw new UsageError('--kind must be photo or document');
      const workers = values.workers === undefined ? undefined : Number(values.workers);
      if (workers !== undefined && !(Number.isInteger(workers) && workers > 0 && workers <= 64)) {
        throw new UsageError('--workers must be 1–64');
      }
      const kind: Kind = values.kind;
      // Created when missing; a concurrent creator may win the race, so look it up again.
      if (!(await findCollectionByName(db, name.value)))
        await createCollectionAudited(db, { id: null, ip: 'cli' }, name.value);
      const collection = await findCollectionByName(db, name.value);
      if (!collection) throw new Error(`cannot create collection "${name.value}"`);

      await removeStaleTemp(config);
      const results: IngestResult[] = [];
      const progress = createProgress('ingest');
      const walkProblems: IngestResult[] = [];
      async function* jobs(): AsyncGenerator<IngestJob> {
        for await (const found of walk(positionals, { exclude: config.dataDir })) {
          progress.found();
          if (found.problem) {
            walkProblems.push({
              path: found.path,
              status: 'rejected',
              itemId: null,
              sha256: null,
              ...because(found.problem)
            });
            progress.advance();
            continue;
          }
          yield { path: found.path, collectionId: collection!.id, kind, actor: actor(), ip: 'cli' };
        }
      }
      // Before a large page is cut, the modules the cuts need are loaded: what their start-up grew
      // is slack then.
      const pool = createIngestPool({
        db,
        dataDir: config.dataDir,
        workers,
        beforeLargeCut: releaseHeapSlack
      });
      // Ctrl-C: finish the files in hand, start no more; a re-run resumes where this one stopped.
      const interrupt = () => pool.stop();
      process.once('SIGINT', interrupt);
      process.once('SIGTERM', interrupt);
      try {
        await pool.run(jobs(), (result) => {
          results.push(result);
          progress.advance();
          if (values.json) return;
          if (result.status === 'rejected') console.error(`rejected ${result.path}: ${result.reason}`);
          if (result.hiddenInName)
            console.error(
              `flagged ${result.path}: its name holds invisible or direction-changing characters (${result.hiddenInName.join(' ')}); kept as provenance, shown written out`
            );
        });
      } finally {
        process.off('SIGINT', interrupt);
        process.off('SIGTERM', interrupt);
      }
      const { seconds } = progress.finish();
      // After each batch, candidate bodies are proposed (never grouped): `athar bodies suggest` lists them.
      // Loaded only now: the bodies' modules (with the documents' CRDTs) would otherwise sit in
      // memory through every cut, beside the largest image's pixels (issue #20).
      const { computeSuggestions } = await import('../../src/lib/server/bodies/suggest.ts');
      const pending = await computeSuggestions(db, collection.id);
      const all = [...walkProblems, ...results].sort((a, b) => a.path.localeCompare(b.path));
      const count = (status: IngestResult['status']) => all.filter((r) => r.status === status).length;
      if (values.json) console.log(JSON.stringify(all, null, 2));
      else {
        console.log(
          `collection "${collection.name}": ${count('ingested')} ingested, ${count('duplicate')} duplicate, ` +
            `${count('rejected')} rejected in ${seconds.toFixed(1)} s; ${pending} candidate bod${pending === 1 ? 'y' : 'ies'} to review`
        );
      }
      return count('rejected') > 0 ? 1 : 0;
    }
  },
  fixity: {
    usage: 'fixity',
    async run(runtime) {
      const report = await checkFixity(runtime.db, runtime.config, actor());
      for (const problem of report.problems)
        console.error(`${problem.kind} ${problem.sha256}: ${problem.detail}`);
      console.log(`fixity: ${report.checked} original(s) checked, ${report.problems.length} problem(s)`);
      return report.problems.length > 0 ? 1 : 0;
    }
  }
};
