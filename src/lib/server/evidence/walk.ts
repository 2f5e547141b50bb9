import fsp from 'node:fs/promises';
import path from 'node:path';

import { plain, type IngestReason } from './reasons.ts';

export type Found = { path: string; problem?: IngestReason };

/**
 * Every file under the given paths, in a stable (sorted) order. Symbolic links are followed; a link
 * that loops (ELOOP) or a directory link back into (or above) a directory being walked is reported
 * as a `symlink loop` instead of being walked forever.
 */
export async function* walk(roots: string[], options: { exclude?: string } = {}): AsyncGenerator<Found> {
  // The evidence store itself (DATA_DIR) is never ingested: `athar ingest .` from the project root
  // would otherwise take in originals, tile containers and half-written temporary copies.
  const exclude = options.exclude
    ? await fsp.realpath(options.exclude).catch(() => path.resolve(options.exclude!))
    : null;
  for (const root of roots) yield* visit(path.resolve(root), new Set(), exclude);
}

async function* visit(file: string, ancestors: Set<string>, exclude: string | null): AsyncGenerator<Found> {
  let stat;
  try {
    stat = await fsp.stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A dangling link or unreadable entry is still a file the operator asked for: report it.
    yield { path: file, problem: code === 'ELOOP' ? plain('symlink_loop') : undefined };
    return;
  }
  const real = await fsp.realpath(file);
  if (exclude && (real === exclude || real.startsWith(exclude + path.sep))) {
    yield { path: file, problem: plain('inside_data_dir') };
    return;
  }
  if (!stat.isDirectory()) {
    yield { path: file };
    return;
  }
  // A link to an ancestor, or to any directory that contains one (`in/up -> ..` at the root of the
  // walk), leads back into the tree: walking it would also pull in files the operator never named,
  // DATA_DIR itself among them.
  const prefix = real.endsWith(path.sep) ? real : real + path.sep;
  if ([...ancestors].some((a) => a === real || a.startsWith(prefix))) {
    yield { path: file, problem: plain('symlink_loop') };
    return;
  }
  let names: string[];
  try {
    names = (await fsp.readdir(file)).sort();
  } catch (err) {
    yield {
      path: file,
      problem: {
        code: 'unreadable_directory',
        params: { detail: String((err as NodeJS.ErrnoException).code) }
      }
    };
    return;
  }
  const inside = new Set(ancestors).add(real);
  for (const name of names) yield* visit(path.join(file, name), inside, exclude);
}
