/**
 * Peak memory of ingesting one very large photo (issue #3): `athar ingest <file> --collection bench`
 * on a fresh SQLite DATA_DIR, the CLI process (one photo is cut in its own thread; further worker
 * threads would share the process, and it starts no child process, so its peak resident set is the
 * whole of it), against the anchor `vips dzsave <file> <out> --layout iiif3
 * --tile-size 256 --suffix .jpg[Q=85,optimize_coding]` (Debian package libvips-tools; the tiles
 * Athar writes) on the same file, measured the same way: GNU time's maximum RSS (`/usr/bin/time -v`,
 * Debian package "time"), or VmHWM polled from /proc when that is not installed. The anchor runs with VIPS_CONCURRENCY set to the libvips
 * threads an Athar worker uses, so both cut the pyramid with the same number of threads, and, when
 * that is more than one, with one thread too: the anchor is the smaller of the two, so a thread count
 * that suits Athar does not raise it. Beside it,
 * each side's peak private memory (RssAnon): sharp's libvips maps the input JPEG where vips 8.14
 * reads it, which puts up to the whole file's cache pages inside Athar's resident set alone.
 *
 * Printed beside, to tell Athar's cost from the platform's: the same command for a 64 × 64 photo
 * (the floor: Node, TypeScript, the database, sharp) and a bare Node process that only cuts the same
 * pyramid with sharp, the same settings, no database (the ceiling of any Node process using sharp).
 *
 * The image is a 10,000 × 10,000 synthetic JPEG (noise, quality 90), made once per run in a temp
 * directory; --quick uses 6,000 × 6,000.
 *
 * Usage: node bench/ingest-memory.ts [--quick]
 */
import fs from 'node:fs';
import path from 'node:path';
import { vipsThreadsPerLane } from '../src/lib/server/evidence/pool.ts';
import { ROOT, createInstance } from '../tests/helpers/athar.ts';
import {
  ATHAR_TILE_SUFFIX,
  CORES,
  QUICK,
  loadNote,
  peakMemory,
  report,
  requireTool,
  tempDir,
  writeLargeNoiseJpeg,
  writeNoiseJpeg,
  type Peak
} from './lib/support.ts';

const BENCH = 'bench/ingest-memory.ts';
const SIDE = QUICK ? 6000 : 10000;
// As src/lib/server/evidence/pool.ts by default: one worker per core, each cutting with
// vipsThreadsPerLane libvips threads; the only worker with work here cuts the pyramid with them.
const WORKERS = CORES;
const VIPS_THREADS = vipsThreadsPerLane(WORKERS, CORES);

const vips = requireTool(BENCH, 'vips', 'libvips-tools');

const MB = (kb: number) => kb / 1024;
const peaks = (peak: Peak) =>
  `peak RSS ${MB(peak.peakKb).toFixed(0)} MiB, of it private at most ${MB(peak.privatePeakKb).toFixed(0)} MiB`;

/** sharp alone, as src/lib/server/evidence/derivatives.ts and pool.ts call it: plain JS, no runtime. */
const BARE_SHARP = `
import sharp from 'sharp';
sharp.concurrency(${VIPS_THREADS});
sharp.cache(false);
const [source, target] = process.argv.slice(1);
await sharp(source, { limitInputPixels: 400_000_000, failOn: 'truncated' })
  .rotate()
  .jpeg({ quality: 85, mozjpeg: false })
  .tile({ size: 256, layout: 'iiif3', container: 'zip', basename: 'p', id: 'iiif' })
  .toFile(target);
`;

async function atharIngest(file: string): Promise<Peak> {
  const instance = await createInstance('sqlite');
  try {
    const result = await peakMemory(
      process.execPath,
      ['bin/athar.js', 'ingest', file, '--collection', 'bench'],
      {
        cwd: ROOT,
        env: instance.env
      }
    );
    if (result.code !== 0 || !/1 ingested/.test(result.stdout))
      throw new Error(`athar ingest failed (exit ${result.code}):\n${result.stdout}${result.stderr}`);
    return result;
  } finally {
    await instance.destroy();
  }
}

const work = tempDir('memory');
try {
  const image = path.join(work, 'large.jpg');
  const bytes = await writeLargeNoiseJpeg(image, SIDE, SIDE, 3000);
  console.log(
    `ingest-memory: one ${SIDE.toLocaleString('en')} × ${SIDE.toLocaleString('en')} synthetic JPEG ` +
      `(${((SIDE * SIDE) / 1e6).toFixed(0)} MP, ${(bytes / 1e6).toFixed(1)} MB)` +
      `${QUICK ? ' — --quick: 6,000 × 6,000, not the 10,000 × 10,000 of the full run' : ''}; ${loadNote()}`
  );

  const athar = await atharIngest(image);
  console.log(`  athar ingest: ${athar.seconds.toFixed(1)} s wall, ${peaks(athar)}`);
  // What the same command takes for a 64 × 64 photo: Node, its modules, SQLite, libvips loaded.
  const tiny = path.join(work, 'tiny.jpg');
  await writeNoiseJpeg(tiny, 64, 64, 3001);
  const floor = await atharIngest(tiny);

  const bare = await peakMemory(
    process.execPath,
    ['--input-type=module', '-e', BARE_SHARP, image, path.join(work, 'bare.zip')],
    { cwd: ROOT }
  );
  if (bare.code !== 0) throw new Error(`the bare sharp process failed (exit ${bare.code}): ${bare.stderr}`);

  const dzsave = async (threads: number) => {
    const out = path.join(work, `dzsave-${threads}`);
    const peak = await peakMemory(
      vips,
      ['dzsave', image, out, '--layout', 'iiif3', '--tile-size', '256', '--suffix', ATHAR_TILE_SUFFIX],
      { env: { ...process.env, VIPS_CONCURRENCY: String(threads) } }
    );
    if (peak.code !== 0 || !fs.existsSync(path.join(out, 'info.json')))
      throw new Error(`vips dzsave failed (exit ${peak.code}): ${peak.stderr}`);
    console.log(`  vips dzsave, ${threads} thread(s):  ${peak.seconds.toFixed(1)} s wall, ${peaks(peak)}`);
    return { peak, threads };
  };
  const runs = [await dzsave(VIPS_THREADS), ...(VIPS_THREADS > 1 ? [await dzsave(1)] : [])];
  const { peak: anchor, threads: anchorThreads } = runs.reduce((a, b) =>
    b.peak.peakKb < a.peak.peakKb ? b : a
  );

  console.log(
    `  (counted: the peak resident set of each process by ${athar.method} — athar's one process with ` +
      `its threads, vips's one process; Athar ${VIPS_THREADS} libvips thread(s), the anchor ${anchorThreads})`
  );
  report({
    what: 'peak RSS, lower is better',
    unit: 'MiB peak RSS',
    athar: MB(athar.peakKb),
    anchor: MB(anchor.peakKb),
    anchorName: `vips dzsave --layout iiif3 --tile-size 256 --suffix '${ATHAR_TILE_SUFFIX}', VIPS_CONCURRENCY=${anchorThreads}: the smaller`,
    digits: 0
  });
  // Why a second figure: sharp's libvips maps the JPEG it reads, vips 8.14 reads it with read(); the
  // same file-cache pages are then inside Athar's resident set and outside the anchor's.
  console.log(
    `  private memory (RssAnon, sampled every 10 ms; leaves out mapped files: code, and the input JPEG, ` +
      `which sharp's libvips maps and vips dzsave reads): Athar ${MB(athar.privatePeakKb).toFixed(0)} MiB, ` +
      `anchor ${MB(anchor.privatePeakKb).toFixed(0)} MiB, ratio ${(athar.privatePeakKb / anchor.privatePeakKb).toFixed(2)}×`
  );
  console.log(
    `  for scale: the same athar ingest of a 64 × 64 photo peaks at ${MB(floor.peakKb).toFixed(0)} MiB ` +
      `(private ${MB(floor.privatePeakKb).toFixed(0)} MiB) ` +
      `(the floor: Node, TypeScript, SQLite, libvips; one photo is cut in the CLI's own thread, up to ${WORKERS} ` +
      `at once); the large image adds ${MB(athar.peakKb - floor.peakKb).toFixed(0)} MiB to that ` +
      `(${MB(athar.privatePeakKb - floor.privatePeakKb).toFixed(0)} MiB private)`
  );
  console.log(
    `  ceiling: a bare Node process cutting the same pyramid with sharp alone (no TypeScript, no database) ` +
      `peaks at ${MB(bare.peakKb).toFixed(0)} MiB = ${(bare.peakKb / anchor.peakKb).toFixed(2)}× vips dzsave ` +
      `(private ${MB(bare.privatePeakKb).toFixed(0)} MiB = ${(bare.privatePeakKb / anchor.privatePeakKb).toFixed(2)}×), ` +
      `in ${bare.seconds.toFixed(1)} s; athar ingest is ${(athar.peakKb / bare.peakKb).toFixed(2)}× that`
  );
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
