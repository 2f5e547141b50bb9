/**
 * The world bench/queue-claims.ts measures in: a collection of tiny generated JPEGs ingested with
 * the real CLI, a coordinator made with the real CLI, reviewers (members of the collection, each
 * with an API token) made by the app's own functions on the instance's database (the CLI's code
 * path without a Node start-up per command, which made 200 reviewers take minutes), and direct SQL against the instance's database for the checks no
 * endpoint should be trusted with. Also a nearest-rank percentile.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Instance } from '../../tests/helpers/athar.ts';
import { query } from '../../tests/helpers/db.ts';
import { inParallel, tempDir } from './support.ts';
import { issueApiToken } from '../../src/lib/server/auth/api-tokens.ts';
import { addMember } from '../../src/lib/server/collections/collections.ts';
import { connect } from '../../src/lib/server/db/connect.ts';
import { createUserAudited } from '../../src/lib/server/users/manage.ts';

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

/** Reviewers made in-process by the functions the CLI calls (user, token, membership, audited). */
async function addReviewers(athar: Instance, collectionId: string, count: number): Promise<Person[]> {
  const { db } = connect({ databaseUrl: athar.env.DATABASE_URL || undefined, dataDir: athar.dataDir });
  try {
    const reviewers: Person[] = new Array(count);
    await inParallel(
      Array.from({ length: count }, (_, i) => i),
      CLI_PARALLEL,
      async (i) => {
        const email = `reviewer${i + 1}@example.org`;
        const actor = { id: null, ip: null };
        const user = await createUserAudited(db, actor, {
          email,
          name: `reviewer${i + 1}`,
          role: 'reviewer',
          expert: false,
          password: PASSWORD
        });
        if (!user) throw new Error(`could not add ${email}`);
        const { token } = await issueApiToken(db, actor, user.id, 'bench');
        await addMember(db, collectionId, user.id);
        reviewers[i] = { id: user.id, email, token };
      }
    );
    return reviewers;
  } finally {
    await db.destroy();
  }
}

export async function createQueueWorld(athar: Instance, options: { items: number; reviewers: number }) {
  const { collectionId, itemIds } = await ingestItems(athar, options.items);
  const coordinator = await addPerson(athar, 'coordinator@example.org', 'coordinator');
  const reviewers = await addReviewers(athar, collectionId, options.reviewers);
  return { collectionId, itemIds, coordinator, reviewers };
}

export { query };

/** Nearest-rank percentile of an unsorted sample. */
export function percentile(sample: number[], p: number): number {
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
