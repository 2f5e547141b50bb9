/**
 * `athar dossier verify <zip | folder>`: the same verifier the bag's verify.html runs (verifier.ts),
 * over a zip read by random access or an unzipped bag's folder.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { verifierModule, type BagFiles, type BagVerdict } from './verifier.ts';

async function zipFiles(file: string): Promise<{ bag: BagFiles; close(): Promise<void> }> {
  const handle = await fsp.open(file, 'r');
  const { size } = await handle.stat();
  const bag = await verifierModule().openZip({
    size,
    async read(offset, length) {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    }
  });
  return { bag, close: () => handle.close() };
}

function folderFiles(dir: string): BagFiles {
  const names = (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
  return { names, read: async (name) => new Uint8Array(await fsp.readFile(path.join(dir, name))) };
}

export async function verifyDossier(target: string): Promise<BagVerdict> {
  if (!fs.existsSync(target)) return { ok: false, failure: `${target} does not exist` };
  if (fs.statSync(target).isDirectory()) return verifierModule().verifyBag(folderFiles(target));
  let opened: Awaited<ReturnType<typeof zipFiles>> | undefined;
  try {
    opened = await zipFiles(target);
    return await verifierModule().verifyBag(opened.bag);
  } catch (err) {
    return { ok: false, failure: (err as Error).message };
  } finally {
    await opened?.close();
  }
}
