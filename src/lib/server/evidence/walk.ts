import fsp from 'node:fs/promises';
import path from 'node:path';

export type Found = { path: string; problem?: string };

/**
 * Every file under the given paths, in a stable (sorted) order. Symbolic links are followed; a link
 * that loops (ELOOP) or a directory link back into (or above) a directory being walked is reported
 * as a `symlink loop` instead of being walked forever.
 */
export async function* walk(roots: string[]): AsyncGenerator<Found> {
  for (const root of roots) yield* visit(path.resolve(root), new Set());
}

async function* visit(file: string, ancestors: Set<string>): AsyncGenerator<Found> {
  let stat;
  try {
    stat = await fsp.stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A dangling link or unreadable entry is still a file the operator asked for: report it.
    yield { path: file, problem: code === 'ELOOP' ? 'symlink loop' : undefined };
    return;
  }
  if (!stat.isDirectory()) {
    yield { path: file };
    return;
  }
  const real = await fsp.realpath(file);
  // A link to an ancestor, or to any directory that contains one (`in/up -> ..` at the root of the
  // walk), leads back into the tree: walking it would also pull in files the operator never named,
  // DATA_DIR itself among them.
  const prefix = real.endsWith(path.sep) ? real : real + path.sep;
  if ([...ancestors].some((a) => a === real || a.startsWith(prefix))) {
    yield { path: file, problem: 'symlink loop' };
    return;
  }
  let names: string[];
  try {
    names = (await fsp.readdir(file)).sort();
  } catch (err) {
    yield { path: file, problem: `unreadable directory: ${(err as NodeJS.ErrnoException).code}` };
    return;
  }
  const inside = new Set(ancestors).add(real);
  for (const name of names) yield* visit(path.join(file, name), inside);
}
