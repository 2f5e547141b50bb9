/**
 * Open tile containers, kept in a small LRU: one file handle and one parsed index per page, so a
 * tile is a map lookup plus one positioned read. The bytes of recently served tiles are kept too,
 * in a second LRU bounded by TILE_BYTES (containers never change once written, so a kept tile is
 * never stale): a hot tile is then a map lookup, without a round trip through libuv's thread pool,
 * which under load costs more than the rest of the request. Access is decided before a tile is
 * looked up, so the cache changes nothing about who gets what.
 */
import fsp from 'node:fs/promises';
import { LRUCache } from 'lru-cache';
import { keyOfEntry } from './iiif-request.ts';
import { tilesPath, type Store } from './store.ts';
import { readEntry, readZipIndex, type ZipEntry } from './zip.ts';

export type Container = {
  file: fsp.FileHandle;
  tiles: Map<string, ZipEntry>;
  /**
   * The tile each request path already answered (`region/size/rotation/quality`): a hot tile is then
   * found without parsing its request again. Written only through `rememberAnswer`.
   */
  answered: Map<string, ZipEntry>;
  info: { scaleFactors: number[]; tileWidth: number; sizes: Array<{ width: number; height: number }> };
};

/**
 * The spellings of one tile a request can use: its region as `x,y,w,h` or `full`, its size as `w,h`,
 * `w,`, `,h` or `max` (iiif-request.ts refuses leading zeros, which would make thousands).
 */
const SPELLINGS_PER_TILE = 8;

/**
 * Remembers which tile a request path named. Why bounded: the paths are a client's to choose, and a
 * container stays open as long as it is read; past every spelling of every tile (and the
 * thumbnail), a path is answered without being remembered, so no client can grow the map.
 */
export function rememberAnswer(container: Container, path: string, entry: ZipEntry): void {
  if (container.answered.size < container.tiles.size * SPELLINGS_PER_TILE + 1)
    container.answered.set(path, entry);
}

/** A container being opened, and once open the container itself (so a hot tile needs no await). */
type Slot = { loading: Promise<Container>; container?: Container };

/** Memory for the bytes of recently served tiles (a 256 px JPEG tile is 10–40 KiB). */
export const TILE_BYTES = 64 * 1024 * 1024;

export function createTileCache(store: Store, capacity = 256, tileBytes = TILE_BYTES) {
  const open = new LRUCache<string, Slot>({
    max: capacity,
    dispose(evicted, _key, reason) {
      // A request may still be reading from an evicted container: close it a little later, never
      // under its feet. (Entries deleted after a failed load have no file; close() closes the rest.)
      if (reason !== 'evict') return;
      evicted.loading.then(
        (c) => setTimeout(() => c.file.close().catch(() => {}), 10_000).unref(),
        () => {}
      );
    }
  });
  // Keyed by the entry object: a container loaded again has new entries, its old ones age out.
  const kept = new LRUCache<ZipEntry, Buffer>({
    maxSize: tileBytes,
    maxEntrySize: tileBytes / 64,
    sizeCalculation: (data) => data.length
  });

  async function readAndKeep(container: Container, entry: ZipEntry): Promise<Buffer> {
    const data = await readEntry(container.file, entry);
    kept.set(entry, data);
    return data;
  }

  async function load(path: string, width: number, height: number): Promise<Container> {
    const file = await fsp.open(path, 'r');
    try {
      const index = await readZipIndex(file);
      const tiles = new Map<string, ZipEntry>();
      const sizes: Array<{ width: number; height: number }> = [];
      let infoEntry: ZipEntry | undefined;
      for (const [name, entry] of index) {
        if (name.endsWith('/info.json')) infoEntry = entry;
        const key = keyOfEntry(name, width, height);
        if (!key) continue;
        tiles.set(key, entry);
        const full = /^[^/]+\/full\/(\d+),(\d+)\//.exec(name);
        if (full) sizes.push({ width: Number(full[1]), height: Number(full[2]) });
      }
      if (!infoEntry) throw new Error(`no info.json in ${path}`);
      const written = JSON.parse((await readEntry(file, infoEntry)).toString('utf8')) as {
        tiles: Array<{ scaleFactors: number[]; width: number }>;
      };
      const tile = written.tiles[0];
      if (!tile) throw new Error(`no tiles in ${path}`);
      return {
        file,
        tiles,
        answered: new Map(),
        info: { scaleFactors: tile.scaleFactors, tileWidth: tile.width, sizes }
      };
    } catch (err) {
      await file.close();
      throw err;
    }
  }

  return {
    /** The container of one page, at hand once loaded; a missing file rejects with ENOENT. */
    get(sha256: string, page: number, width: number, height: number): Container | Promise<Container> {
      const key = `${sha256}-${page}`;
      const hit = open.get(key);
      if (hit) return hit.container ?? hit.loading;
      const loading = load(tilesPath(store, sha256, page), width, height);
      const slot: Slot = { loading };
      loading.then(
        (container) => {
          slot.container = container;
        },
        () => {
          if (open.peek(key) === slot) open.delete(key);
        }
      );
      open.set(key, slot);
      return loading;
    },
    /** The bytes of one tile of a container, at hand when kept; a short read rejects (ZipFormatError). */
    read(container: Container, entry: ZipEntry): Buffer | Promise<Buffer> {
      return kept.get(entry) ?? readAndKeep(container, entry);
    },
    async close(): Promise<void> {
      const all = [...open.values()];
      open.clear();
      kept.clear();
      await Promise.all(
        all.map((slot) =>
          slot.loading.then(
            (c) => c.file.close(),
            () => {}
          )
        )
      );
    }
  };
}

export type TileCache = ReturnType<typeof createTileCache>;
