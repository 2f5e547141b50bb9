/**
 * Dossier export (issue #17): time and peak memory of `athar dossier export` (the CLI process,
 * GNU time's maximum RSS) for
 *   1. a set of 20 photographs of 100 MP in total (20 synthetic 5 MP noise JPEGs in one
 *      collection: what a body's dossier holds), and
 *   2. a collection of 1,000 items (small flat-colour JPEGs), and the same export at 100 items, to
 *      show that memory stays flat in the number of items,
 * each against the anchor `zip -0 -q` of the same original files (time), run in the same process
 * order on the same machine. The export does more than the anchor: it hashes every file, reads
 * every item's document, and draws a PDF report page per photograph (sharp).
 *
 * --quick: 5 photographs (25 MP) and 200 items.
 *
 * Usage: node bench/dossier.ts [--quick]
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { ROOT, createInstance, type Instance } from '../tests/helpers/athar.ts';
import {
  QUICK,
  loadNote,
  peakMemory,
  report,
  requireTool,
  run,
  tempDir,
  writeLargeNoiseJpeg
} from './lib/support.ts';

const BENCH = 'bench/dossier.ts';
const PHOTOS = QUICK ? 5 : 20;
const ITEMS = QUICK ? 200 : 1000;
const SMALL_SET = 100;
const zip = requireTool(BENCH, 'zip', 'zip');
const MiB = (kb: number) => kb / 1024;

async function cli(instance: Instance, args: string[]) {
  const result = await run(process.execPath, ['bin/athar.js', ...args], { cwd: ROOT, env: instance.env });
  if (result.code !== 0) throw new Error(`athar ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result;
}

/** Exports the collection, verifies the bag, and zips the same originals with `zip -0`. */
async function measure(instance: Instance, collection: string, work: string, label: string) {
  const out = path.join(work, `${label}.zip`);
  const athar = await peakMemory(
    process.execPath,
    ['bin/athar.js', 'dossier', 'export', '--collection', collection, '--out', out],
    { cwd: ROOT, env: instance.env }
  );
  if (athar.code !== 0) throw new Error(`dossier export failed: ${athar.stderr}`);
  await cli(instance, ['dossier', 'verify', out]);
  const originals = path.join(instance.dataDir, 'originals');
  const files = (fs.readdirSync(originals, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
  const anchorOut = path.join(work, `${label}-anchor.zip`);
  const anchor = await run(zip, ['-0', '-q', '-j', anchorOut, '-@'], { stdin: files.join('\n') });
  if (anchor.code !== 0) throw new Error(`zip failed: ${anchor.stderr}`);
  return { athar, anchor, bytes: fs.statSync(out).size, originals: files.length };
}

async function ingestDir(instance: Instance, dir: string, collection: string) {
  await cli(instance, ['ingest', dir, '--collection', collection]);
}

const work = tempDir('dossier');
const instances: Instance[] = [];
try {
  console.log(`dossier: ${loadNote()}${QUICK ? ' — --quick: smaller sets than the full run' : ''}`);

  // 1. Twenty 5 MP photographs (100 MP).
  const photos = path.join(work, 'photos');
  fs.mkdirSync(photos);
  for (let i = 0; i < PHOTOS; i++)
    await writeLargeNoiseJpeg(path.join(photos, `p${i}.jpg`), 2736, 1828, 7000 + i);
  const body = await createInstance('sqlite');
  instances.push(body);
  await ingestDir(body, photos, 'photos');
  const a = await measure(body, 'photos', work, 'photos');
  console.log(
    `\n1. ${PHOTOS} photographs, ${((PHOTOS * 2736 * 1828) / 1e6).toFixed(0)} MP, ${(a.bytes / 1e6).toFixed(1)} MB dossier: ` +
      `export ${a.athar.seconds.toFixed(1)} s, peak RSS ${MiB(a.athar.peakKb).toFixed(0)} MiB; zip -0 ${a.anchor.seconds.toFixed(2)} s`
  );
  report({
    what: 'wall time, lower is better',
    unit: 's',
    athar: a.athar.seconds,
    anchor: a.anchor.seconds,
    anchorName: `zip -0 -q of the same ${a.originals} originals`,
    digits: 2
  });

  // 2. A collection of ITEMS small items, and of SMALL_SET (memory flat in the number of items).
  const sets: Array<[string, number]> = [
    ['hundred', SMALL_SET],
    ['many', ITEMS]
  ];
  const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
  for (const [name, count] of sets) {
    const dir = path.join(work, name);
    fs.mkdirSync(dir);
    for (let i = 0; i < count; i++)
      // A description of its own makes every file unique (flat colours alone can encode alike).
      await sharp({
        create: { width: 320, height: 240, channels: 3, background: { r: (i * 37) % 256, g: 90, b: 77 } }
      })
        .jpeg({ quality: 90 })
        .withExif({ IFD0: { ImageDescription: `bench item ${i}` } })
        .toFile(path.join(dir, `item-${i}.jpg`));
    const instance = await createInstance('sqlite');
    instances.push(instance);
    await ingestDir(instance, dir, name);
    results[name] = await measure(instance, name, work, name);
  }
  const many = results.many!;
  const hundred = results.hundred!;
  console.log(
    `\n2. a collection of ${ITEMS} items (${(many.bytes / 1e6).toFixed(1)} MB dossier): export ${many.athar.seconds.toFixed(1)} s, ` +
      `peak RSS ${MiB(many.athar.peakKb).toFixed(0)} MiB; zip -0 ${many.anchor.seconds.toFixed(2)} s`
  );
  report({
    what: 'wall time, lower is better',
    unit: 's',
    athar: many.athar.seconds,
    anchor: many.anchor.seconds,
    anchorName: `zip -0 -q of the same ${many.originals} originals`,
    digits: 2
  });
  console.log(
    `  memory in the number of items: ${SMALL_SET} items peak ${MiB(hundred.athar.peakKb).toFixed(0)} MiB, ` +
      `${ITEMS} items peak ${MiB(many.athar.peakKb).toFixed(0)} MiB ` +
      `(ratio ${(many.athar.peakKb / hundred.athar.peakKb).toFixed(2)}× for ${ITEMS / SMALL_SET}× the items; ` +
      `peak RSS by ${many.athar.method})`
  );
} finally {
  for (const instance of instances) await instance.destroy();
  fs.rmSync(work, { recursive: true, force: true });
}
