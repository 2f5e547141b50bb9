/**
 * Random-access reading of the tile containers. sharp (libvips) writes them as plain zip archives
 * with *stored* (uncompressed) entries, so an entry is a byte range of the file: the central
 * directory is read once per container, each tile is one positioned read.
 */
import fsp from 'node:fs/promises';

export type ZipEntry = { offset: number; size: number };
export type ZipIndex = Map<string, ZipEntry>;

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const STORED = 0;

export class ZipFormatError extends Error {}

/** Names → data ranges of every stored entry. */
export async function readZipIndex(file: fsp.FileHandle): Promise<ZipIndex> {
  const { size } = await file.stat();
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = Buffer.alloc(tailLength);
  await file.read(tail, 0, tailLength, size - tailLength);
  let eocd = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end of central directory');
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset + cdSize > size) throw new ZipFormatError('central directory out of range');
  const cd = Buffer.alloc(cdSize);
  await file.read(cd, 0, cdSize, cdOffset);

  const headers: Array<{ name: string; localOffset: number; size: number; method: number }> = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (cd.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw new ZipFormatError('bad central directory entry');
    const method = cd.readUInt16LE(p + 10);
    const compressed = cd.readUInt32LE(p + 20);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const localOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
    headers.push({ name, localOffset, size: compressed, method });
    p += 46 + nameLength + extraLength + commentLength;
  }
  // The data starts after each local header, whose name and extra lengths may differ from the
  // central directory's: read the 30-byte local headers (one read each, once per container).
  const index: ZipIndex = new Map();
  const local = Buffer.alloc(30);
  for (const h of headers) {
    if (h.method !== STORED) continue;
    await file.read(local, 0, 30, h.localOffset);
    if (local.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new ZipFormatError(`bad local header for ${h.name}`);
    const offset = h.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (offset + h.size > size) throw new ZipFormatError(`entry out of range: ${h.name}`);
    index.set(h.name, { offset, size: h.size });
  }
  return index;
}

export async function readEntry(file: fsp.FileHandle, entry: ZipEntry): Promise<Buffer> {
  const data = Buffer.alloc(entry.size);
  const { bytesRead } = await file.read(data, 0, entry.size, entry.offset);
  if (bytesRead !== entry.size) throw new ZipFormatError('short read');
  return data;
}
