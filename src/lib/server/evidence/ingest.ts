/**
 * The ingest pipeline for one file, shared by the CLI (in a worker pool) and browser uploads.
 *
 * Order matters for the evidence invariants:
 * 1. copy + SHA-256 in one read, into tmp/ (the source is never touched again);
 * 2. a hash already *ready* in the collection is a duplicate: nothing is stored;
 * 3. probe the bytes (format, pixel limit) — a hostile file is rejected before anything is kept;
 * 4. item rows are created as `processing` (or, after an interruption, found and resumed);
 * 5. pyramids are cut; only then the original is settled read-only and the items become `ready`
 *    with one audit row each. A failure before that removes the rows and keeps nothing.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/connect.ts';
import type { ItemRow } from '../db/schema.ts';
import { hiddenInName } from '../../model/display-name.ts';
import { audit } from '../audit/log.ts';
import { newId } from '../ids.ts';
import { makePyramid } from './derivatives.ts';
import { readExif } from './exif.ts';
import { decodeFailure, probeImage, type PageSize } from './probe.ts';
import { because, plain, type IngestReason, type ReasonCode } from './reasons.ts';
import { copyAndHash, originalPath, settle, type Store } from './store.ts';

export type Kind = 'photo' | 'document';

export type IngestResult = {
  path: string;
  status: 'ingested' | 'duplicate' | 'rejected';
  itemId: string | null;
  sha256: string | null;
  /** English, as the CLI prints it; `reasonCode` + `reasonParams` let an interface word it. */
  reason: string | null;
  reasonCode: ReasonCode | null;
  reasonParams: IngestReason['params'] | null;
  /** Invisible or direction-changing characters in the original's name (`U+202E` …), kept but flagged. */
  hiddenInName?: string[];
};

export type IngestJob = {
  path: string;
  /** Provenance to record instead of the path's (uploads: the browser's file name and date). */
  originalName?: string;
  originalPath?: string;
  modifiedAt?: number;
  collectionId: string;
  kind: Kind;
  /** A user id, or `cli:<os user>`. */
  actor: string;
  ip: string | null;
  /**
   * When the file was taken for ingest (ms): its items' `ingested_at`, the order of "all ready
   * items". A batch's pool stamps its files strictly increasing in the order they were asked for,
   * because their checks overlap and a small file's rows would otherwise come before a large one's.
   * Without it: when its rows are written.
   */
  takenAt?: number;
};

export const rejected = (
  job: IngestJob,
  reason: IngestReason,
  sha256: string | null = null
): IngestResult => ({
  path: job.path,
  status: 'rejected',
  itemId: null,
  sha256,
  ...because(reason)
});

const notStored = (
  job: IngestJob,
  itemId: string | null,
  sha256: string,
  reason: IngestReason
): IngestResult => ({
  path: job.path,
  status: 'duplicate',
  itemId,
  sha256,
  ...because(reason)
});

/** `{ hiddenInName }` for a name that holds invisible or direction-changing characters, else nothing. */
function flagged(name: string): { hiddenInName?: string[] } {
  const hidden = hiddenInName(name);
  return hidden.length > 0 ? { hiddenInName: hidden } : {};
}

function describeFsError(err: NodeJS.ErrnoException): IngestReason {
  switch (err.code) {
    case 'ELOOP':
      return plain('symlink_loop');
    case 'ENOENT':
      return plain('missing');
    case 'EACCES':
    case 'EPERM':
      return plain('permission_denied');
    case 'EISDIR':
      return plain('not_a_file');
    default:
      return { code: 'unreadable', params: { detail: err.code ?? err.message } };
  }
}

/**
 * How far one file is (uploads show it): checking, waiting for its turn to cut when another holds
 * it, then cutting tiles over all its pages.
 */
export type IngestProgress = (phase: 'checking' | 'waiting' | 'tiling', fraction: number) => void;

/**
 * Waits for a turn to cut a file's pyramids (the pool's lanes, the server's uploads), `pixels` being
 * its largest page's; calls `onWait` when it has to wait; resolves with the turn's end.
 */
export type CutTurn = (pixels: number, onWait?: () => void) => Promise<() => void>;

export async function ingestFile(
  db: Db,
  store: Store,
  job: IngestJob,
  onProgress?: IngestProgress,
  cutTurn?: CutTurn
): Promise<IngestResult> {
  onProgress?.('checking', 0);
  let stat: fs.Stats;
  try {
    stat = await fsp.stat(job.path);
  } catch (err) {
    return rejected(job, describeFsError(err as NodeJS.ErrnoException));
  }
  if (!stat.isFile()) return rejected(job, plain('not_regular_file'));
  if (stat.size === 0) return rejected(job, plain('empty'));

  let copy: { temp: string; sha256: string; bytes: number };
  try {
    copy = await copyAndHash(store, job.path);
  } catch (err) {
    return rejected(job, describeFsError(err as NodeJS.ErrnoException));
  }
  const { temp, sha256 } = copy;
  try {
    const existing = await db
      .selectFrom('items')
      .selectAll()
      .where('collection_id', '=', job.collectionId)
      .where('sha256', '=', sha256)
      .orderBy('page_index')
      .execute();
    if (existing[0]?.status === 'ready') return notStored(job, existing[0].id, sha256, plain('duplicate'));
    const probe = await probeImage(temp);
    if (!probe.ok) return rejected(job, probe.reason, sha256);

    const exif = JSON.stringify(await readExif(temp));
    const items =
      existing.length > 0 ? existing : await createProcessingItems(db, job, stat, copy, probe, exif);
    if (!items) return notStored(job, null, sha256, plain('ingested_concurrently'));
    const endTurn = await cutTurn?.(Math.max(...items.map((i) => i.width * i.height)), () =>
      onProgress?.('waiting', 0)
    );
    try {
      for (const [done, item] of items.entries()) {
        const report = (fraction: number) => onProgress?.('tiling', (done + fraction) / items.length);
        report(0);
        await makePyramid(store, temp, sha256, item.page_index, {
          width: item.width,
          height: item.height,
          report
        });
      }
    } catch (err) {
      await db
        .deleteFrom('items')
        .where(
          'id',
          'in',
          items.map((i) => i.id)
        )
        .execute();
      return rejected(job, await decodeFailure(temp, probe.mime, (err as Error).message), sha256);
    } finally {
      endTurn?.();
    }
    await settle(temp, originalPath(store, sha256), 0o444);
    const itemId = items[0]?.id ?? null;
    if (!(await markReady(db, job, items, sha256))) {
      return notStored(job, itemId, sha256, plain('ingested_concurrently'));
    }
    return {
      path: job.path,
      status: 'ingested',
      itemId,
      sha256,
      reason: null,
      reasonCode: null,
      reasonParams: null,
      ...flagged(items[0]?.original_name ?? '')
    };
  } finally {
    await fsp.rm(temp, { force: true });
  }
}

async function createProcessingItems(
  db: Db,
  job: IngestJob,
  stat: fs.Stats,
  copy: { sha256: string; bytes: number },
  probe: { mime: string; pages: PageSize[] },
  exif: string
): Promise<ItemRow[] | null> {
  const name = job.originalName ?? path.basename(job.path);
  const now = job.takenAt ?? Date.now();
  const documentId = probe.pages.length > 1 ? newId() : null;
  const kind: Kind = probe.pages.length > 1 ? 'document' : job.kind;
  const items: ItemRow[] = probe.pages.map((size, page) => ({
    id: newId(),
    collection_id: job.collectionId,
    document_id: documentId,
    page_index: page,
    kind,
    status: 'processing',
    sha256: copy.sha256,
    mime: probe.mime,
    bytes: copy.bytes,
    width: size.width,
    height: size.height,
    original_name: name,
    original_path: job.originalPath ?? path.resolve(job.path),
    original_mtime: Math.round(job.modifiedAt ?? stat.mtimeMs),
    exif,
    ingested_by: job.actor,
    ingested_at: now,
    annotation_count: 0
  }));
  try {
    await db.transaction().execute(async (trx) => {
      if (documentId) {
        await trx
          .insertInto('documents')
          .values({
            id: documentId,
            collection_id: job.collectionId,
            title: name,
            page_count: probe.pages.length,
            created_at: now
          })
          .execute();
      }
      await trx.insertInto('items').values(items).execute();
    });
  } catch (err) {
    // The unique (collection, sha256, page) key: another worker is ingesting the same content.
    if (/unique|duplicate key/i.test((err as Error).message)) return null;
    throw err;
  }
  return items;
}

/** false when another worker finished these items first (the same content twice in one run). */
async function markReady(db: Db, job: IngestJob, items: ItemRow[], sha256: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('items')
      .set({ status: 'ready' })
      .where(
        'id',
        'in',
        items.map((i) => i.id)
      )
      .where('status', '=', 'processing')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    for (const item of items) {
      await audit(trx, {
        actorId: job.actor.startsWith('cli:') ? null : job.actor,
        action: 'evidence.ingest',
        target: item.id,
        details: {
          sha256,
          collectionId: job.collectionId,
          originalPath: item.original_path,
          page: item.page_index,
          by: job.actor,
          ...flagged(item.original_name)
        },
        ip: job.ip
      });
    }
    return true;
  });
}
