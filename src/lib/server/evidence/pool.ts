import os from 'node:os';
import sharp from 'sharp';
import type { Db } from '../db/connect.ts';
import { ingestFile, rejected, type CutTurn, type IngestJob, type IngestResult } from './ingest.ts';

/** A page of this many pixels or more is a large one to cut (a 100 MP photo, a scan at 600 dpi). */
export const LARGE_CUT_PIXELS = 40_000_000;

export type PoolOptions = {
  db: Db;
  dataDir: string;
  workers?: number;
  /**
   * Runs once, when the first file with a large page (`largeCutPixels`, LARGE_CUT_PIXELS by
   * default) gets its turn, before its pixels are cut: what the process can give back before it
   * needs that much memory (the CLI: `server/heap-slack.ts`). Not before: for a batch of ordinary
   * photos it would only cost time (about 30 ms a run for the CLI's).
   */
  beforeLargeCut?: () => void;
  largeCutPixels?: number;
};

/**
 * libvips threads for each lane's cut: two for each core the lanes share. Why not one: two pyramids
 * cut at once in one process with one libvips thread each kept two cores only about three quarters
 * busy (bare sharp, 24 photos of 3 MP: 1.33 s, against 1.15 s with two threads each for the same CPU
 * time; one cut alone with one thread keeps its core busy, so what idles is between the two cuts).
 * The price: one more thread's buffers for each pyramid being cut (about 10 MiB for 100 MP).
 */
export function vipsThreadsPerLane(lanes: number, cores = os.availableParallelism()): number {
  return Math.max(1, Math.round((2 * cores) / lanes));
}

/**
 * Turns to cut pyramids: at most `count` at once, given in the order they were asked for, whatever
 * their pixels.
 */
export function cutTurns(count: number): CutTurn {
  let free = count;
  const waiting: Array<() => void> = [];
  const end = () => {
    // An ending turn passes straight to the first in line: were it freed first, a file that asks
    // in between would overtake the one that has waited longest.
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return async (_pixels, onWait) => {
    if (free > 0) free--;
    else {
      onWait?.();
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    return end;
  };
}

/** A file whose ingest threw (a bug, or the database gone) is reported as such, and the others go on. */
async function ingestOrReport(options: PoolOptions, job: IngestJob, turn: CutTurn): Promise<IngestResult> {
  try {
    return await ingestFile(options.db, { dataDir: options.dataDir }, job, undefined, turn);
  } catch (err) {
    return rejected(job, { code: 'internal', params: { detail: (err as Error).message } });
  }
}

/**
 * Runs ingest jobs on a pool of lanes (one per core by default), each cutting one pyramid at a
 * time. Jobs are pulled lazily from the iterator, so a walk over 130,000 files never sits in
 * memory. `stop()` lets the files in hand finish and takes no more (an interrupted ingest resumes
 * on the next run).
 *
 * Every lane works in this thread: the pixels are cut on libvips's threads, the rest is I/O and a
 * few milliseconds of JavaScript per file. A worker thread per lane would cost its own copy of the
 * runtime's modules, sharp and database (tens of MiB, and a few hundred milliseconds to start
 * before its first file, issue #20) for no parallelism the pyramids do not already have.
 *
 * Each lane is pipelined: twice as many files are in hand as pyramids are cut, so that while a
 * pyramid is cut the next file is copied, hashed, probed and given its rows, and the cores never
 * wait for those serial steps. Only the cutting is held to one per lane (the pixels are what costs
 * memory); a file in hand before its turn is a temporary copy and `processing` rows, which an
 * interruption leaves to be resumed like any other.
 */
export function createIngestPool(options: PoolOptions) {
  const size = Math.max(1, options.workers ?? os.availableParallelism());
  const vipsThreads = vipsThreadsPerLane(size);
  let stopped = false;
  return {
    size,
    stop() {
      stopped = true;
    },
    async run(jobs: AsyncIterator<IngestJob>, onResult: (result: IngestResult) => void): Promise<void> {
      // Process-wide settings: N lanes × vipsThreads libvips threads ≈ twice the cores.
      sharp.concurrency(vipsThreads);
      sharp.cache(false);
      const turns = cutTurns(size);
      let beforeLargeCut = options.beforeLargeCut;
      const turn: CutTurn = async (pixels, onWait) => {
        const end = await turns(pixels, onWait);
        if (beforeLargeCut && pixels >= (options.largeCutPixels ?? LARGE_CUT_PIXELS)) {
          beforeLargeCut();
          beforeLargeCut = undefined;
        }
        return end;
      };
      // Why a stamp per file taken, not the time its rows are written: the files in hand overlap,
      // and the batch's items must keep the order of its files (ingest.ts, `takenAt`).
      let lastTaken = 0;
      const inHand = Array.from({ length: 2 * size }, async () => {
        while (!stopped) {
          const next = await jobs.next();
          if (next.done) return;
          lastTaken = Math.max(Date.now(), lastTaken + 1);
          onResult(await ingestOrReport(options, { ...next.value, takenAt: lastTaken }, turn));
        }
      });
      await Promise.all(inHand);
    }
  };
}
