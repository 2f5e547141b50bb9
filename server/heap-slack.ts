import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Gives back the young generation a process's start-up grew, before work that needs the memory
 * itself (issue #20: `athar ingest` of a 100 MP photo, whose pixels are cut beside the JS heap).
 *
 * Why: compiling the CLI's few hundred TypeScript modules allocates fast enough that V8 grows the
 * young generation to its maximum (16 MiB here) and keeps it for the life of the process, though
 * almost nothing in it survives. A plain `gc()` collects but keeps the space; only the last-resort
 * flavour (V8's low-memory collection) shrinks it, to 1 MiB, from where it grows again only as far
 * as the run's own allocation needs (8 MiB over a batch of 150 photos, measured). One full
 * collection: 30–40 ms, once per run, and only in a run that cuts a large page (evidence/pool.ts,
 * `beforeLargeCut`). `--expose-gc` set now reaches only contexts made after it,
 * which is where the `gc` function is taken from; the process's own context is unchanged.
 */
export function releaseHeapSlack(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (options: object) => void;
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}
