/**
 * The world bench/queue-claims.ts measures in: a collection of tiny generated JPEGs ingested with
 * the real CLI, a coordinator and reviewers (members of the collection, each with an API token)
 * made with the real CLI, and direct SQL against the instance's database for the checks no
 * endpoint should be trusted with. Also a nearest-rank percentile.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Instance } from '../../tests/helpers/athar.ts';
import { query } from '../../tests/helpers/db.ts';
import { inParallel, tempDir } from './support.ts';

export const COLLECTION = 'Bench queue';
const PASSWORD = 'correct horse battery staple';
/** CLI processes at once while setting up (each is a short Node start-up plus one Argon2 hash). */
const CLI_PARALLEL = 4;

export type Person = { id: string; email: string; token: string };

async function cli(athar: Instance, args: string[], stdin?: string): Promise<string> {
  const result = await athar.cli(args, stdin);
  if (result.code !== 0) throw new Error(`athar ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

async function addPerson(athar: Instance, email: string, role: 'coordinator' | 'reviewer'): Promise<Person> {
  const added = await cli(
    athar,
    ['user', 'add', email, '--name', email.split('@')[0]!, '--role', role],
    `${PASSWORD}\n`
  );
  const id = /\(([a-z2-7]{24})\)/.exec(added)?.[1];
  if (!id) throw new Error(`no user id in: ${added}`);
  const token = (await cli(athar, ['token', 'create', email])).trim().split('\n').at(-1) ?? '';
  await cli(athar, ['member', 'add', COLLECTION, email]);
  return { id, email, token };
}

/** Ingests `items` distinct 64×48 flat-colour JPEGs; returns the collection's id and item ids. */
async function ingestItems(
  athar: Instance,
  items: number
): Promise<{ collectionId: string; itemIds: string[] }> {
  const dir = tempDir('queue');
  try {
    for (let i = 0; i < items; i++) {
      const background = { r: i % 256, g: (i * 7) % 256, b: Math.floor(i / 256) * 40 + ((i * 13) % 40) };
      await sharp({ create: { width: 64, height: 48, channels: 3, background } })
        .jpeg({ quality: 90 })
        .toFile(path.join(dir, `item-${i}.jpg`));
    }
    const out = await cli(athar, ['ingest', dir, '--collection', COLLECTION, '--json']);
    const results = JSON.parse(out) as Array<{ status: string; itemId: string | null }>;
    const itemIds = results.filter((r) => r.status === 'ingested').map((r) => r.itemId as string);
    if (itemIds.length !== items) throw new Error(`ingested ${itemIds.length} of ${items} items`);
    const [row] = await query<{ id: string }>(athar, 'select id from collections where name = ?', [
      COLLECTION
    ]);
    return { collectionId: row!.id, itemIds };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function createQueueWorld(athar: Instance, options: { items: number; reviewers: number }) {
  const { collectionId, itemIds } = await ingestItems(athar, options.items);
  const coordinator = await addPerson(athar, 'coordinator@example.org', 'coordinator');
  const reviewers: Person[] = new Array(options.reviewers);
  await inParallel(
    Array.from({ length: options.reviewers }, (_, i) => i),
    CLI_PARALLEL,
    async (i) => {
      reviewers[i] = await addPerson(athar, `reviewer${i + 1}@example.org`, 'reviewer');
    }
  );
  return { collectionId, itemIds, coordinator, reviewers };
}

export { query };

/** Nearest-rank percentile of an unsorted sample. */
export function percentile(sample: number[], p: number): number {
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
