/**
 * How far libvips is in cutting a pyramid, read from the container it is writing. sharp reports no
 * progress, but dzsave writes the zip as it goes, one stored entry per tile, each behind a local
 * header (`PK\x03\x04`, then its name): counting the headers of tiles written so far against the
 * tiles the pyramid will have gives the fraction done. The file is read once, in order, as it grows.
 */
import fsp from 'node:fs/promises';

const LOCAL_HEADER = Buffer.from('PK\x03\x04', 'latin1');
const HEADER_BYTES = 30;
const CHUNK = 4 * 1024 * 1024;
/** Every tile of the container is named under this basename (derivatives.ts `basename: 'p'`). */
const TILE_PREFIX = Buffer.from('p/', 'latin1');

/** The tiles of an IIIF level-0 pyramid of this size: every level down to one tile. */
export function expectedTiles(width: number, height: number, size: number): number {
  let count = 0;
  for (let scale = 1; ; scale *= 2) {
    const w = Math.ceil(width / scale);
    const h = Math.ceil(height / scale);
    count += Math.ceil(w / size) * Math.ceil(h / size);
    if (w <= size && h <= size) return count;
  }
}

/**
 * Reports (every `everyMs`) the fraction of `expected` tiles written to the growing zip at `file`,
 * below 1 until `stop()`; a file not yet created counts as none.
 */
export function watchTiles(
  file: string,
  expected: number,
  report: (fraction: number) => void,
  everyMs = 250
): { stop(): Promise<void> } {
  let written = 0;
  let scanned = 0;
  let handle: fsp.FileHandle | null = null;
  // One buffer for every read (scans never overlap): a fresh 4 MiB per tick is freed only at V8's
  // next garbage collection, which a long cut outruns by tens of MiB.
  let buffer: Buffer | null = null;
  let running: Promise<void> = Promise.resolve();

  async function scan(): Promise<void> {
    handle ??= await fsp.open(file, 'r').catch(() => null);
    if (!handle) return;
    const { size } = await handle.stat();
    while (scanned < size) {
      const length = Math.min(CHUNK, size - scanned);
      buffer ??= Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await handle.read(buffer, 0, length, scanned);
      const chunk = buffer.subarray(0, bytesRead);
      // A header cut by the end of what is written so far is read again next time, whole.
      let next = Math.max(0, chunk.length - (LOCAL_HEADER.length - 1));
      for (let at = chunk.indexOf(LOCAL_HEADER); at >= 0; at = chunk.indexOf(LOCAL_HEADER, at + 1)) {
        if (at + HEADER_BYTES + TILE_PREFIX.length > chunk.length) {
          next = at;
          break;
        }
        const name = at + HEADER_BYTES;
        if (chunk.subarray(name, name + TILE_PREFIX.length).equals(TILE_PREFIX)) written++;
      }
      if (next === 0 && bytesRead < CHUNK) break;
      scanned += next;
    }
    report(Math.min(written / Math.max(expected, 1), 0.99));
  }

  const timer = setInterval(() => {
    // One scan at a time: a slow read is never overtaken by the next tick.
    running = running.then(scan).catch(() => {});
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await handle?.close();
    }
  };
}
