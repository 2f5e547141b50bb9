/**
 * The payload of a dossier, file by file, each produced when the zip reaches it: the originals
 * (byte-identical, checked against their ingest SHA-256 while streaming), the W3C annotation page of
 * each item's shared layer (with the adjudication decisions behind its findings) and of each
 * complete blind review, the TEI of each document page, then data/custody.json and
 * data/record.json. What the report needs of each item is kept as it goes (a few findings per item,
 * never an image or a document).
 */
import fs from 'node:fs';
import type { Db } from '../db/connect.ts';
import type { AuditRow } from '../db/schema.ts';
import { annotationPage } from '../annotations/page.ts';
import { createRoomStore, loadDoc } from '../collab/store.ts';
import { originalPath, type Store } from '../evidence/store.ts';
import { exportTei } from '../transcription/export.ts';
import { namesOf } from '../users/users.ts';
import { readAnnotations, type AnnotationRecord } from '../../model/document-schema.ts';
import { itemRoom, reviewRoom } from '../../model/rooms.ts';
import type { PayloadFile } from './bag.ts';
import type { Redaction } from './redaction.ts';
import type { DossierItem, DossierScope } from './scope.ts';

export type ItemSummary = {
  item: DossierItem;
  /** Path under data/ of the original, or null when redaction left it out. */
  original: string | null;
  annotations: string;
  reviews: Array<{ assignmentId: string; userId: string; at: number; file: string }>;
  transcription: string | null;
  findings: AnnotationRecord[];
};

export type PayloadContext = {
  db: Db;
  store: Store;
  origin: string;
  scope: DossierScope;
  /** Which photographs go in (redaction.ts); documents always do. */
  includes: (item: DossierItem) => boolean;
  redaction: Redaction;
};

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/tiff': 'tif',
  'image/webp': 'webp',
  'application/pdf': 'pdf'
};

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A room's stored document (what every acknowledged edit left), read and released. */
async function withDoc<T>(
  db: Db,
  room: string,
  read: (doc: Awaited<ReturnType<typeof loadDoc>>) => T | Promise<T>
) {
  const doc = await loadDoc(createRoomStore(db), room);
  try {
    return await read(doc);
  } finally {
    doc.destroy();
  }
}

/** The files of every item, in order; `summaries` fills as the zip writes them. */
export function itemFiles(context: PayloadContext, summaries: ItemSummary[]): PayloadFile[] {
  const { db, store, origin, scope } = context;
  const files: PayloadFile[] = [];
  const originals = new Set<string>();
  const reviewsOf = new Map<string, DossierScope['reviews']>();
  for (const r of scope.reviews) reviewsOf.set(r.itemId, [...(reviewsOf.get(r.itemId) ?? []), r]);
  for (const item of scope.items) {
    const original = context.includes(item)
      ? `originals/${item.sha256}.${EXTENSIONS[item.mime] ?? 'bin'}`
      : null;
    const summary: ItemSummary = {
      item,
      original,
      annotations: `annotations/${item.id}.jsonld`,
      reviews: (reviewsOf.get(item.id) ?? []).map((r) => ({
        assignmentId: r.assignmentId,
        userId: r.userId,
        at: r.at,
        file: `annotations/${item.id}/review-${r.assignmentId}.jsonld`
      })),
      transcription: item.kind === 'document' ? `transcriptions/${item.id}.tei.xml` : null,
      findings: []
    };
    summaries.push(summary);
    // Pages of one scanned document share their original: it goes in once.
    if (original && !originals.has(original)) {
      originals.add(original);
      files.push({
        path: original,
        stored: true,
        expectSha256: item.sha256,
        content: async () => fs.createReadStream(originalPath(store, item.sha256))
      });
    }
    files.push({
      path: summary.annotations,
      content: () =>
        withDoc(db, itemRoom(item.id), async (doc) => {
          summary.findings = readAnnotations(doc);
          return json(await annotationPage(db, origin, item, { doc }));
        })
    });
    for (const review of summary.reviews)
      files.push({
        path: review.file,
        content: () =>
          withDoc(db, reviewRoom(item.id, review.assignmentId), async (doc) =>
            json(await annotationPage(db, origin, item, { records: readAnnotations(doc) }))
          )
      });
    if (summary.transcription)
      files.push({
        path: summary.transcription,
        content: () =>
          withDoc(db, itemRoom(item.id), (doc) =>
            exportTei(item.originalName, [{ page: item.page, itemId: item.id, doc }], item.sha256)
          )
      });
  }
  return files;
}

/** The audit rows concerning the scope's objects, in chain order, and the chain head at export. */
export async function custodyJson(db: Db, scope: DossierScope): Promise<string> {
  const targets = [
    ...new Set([scope.id, ...scope.bodies]),
    scope.collection.id,
    ...scope.queues.map((q) => q.id),
    ...scope.items.map((i) => i.id),
    ...new Set(scope.items.flatMap((i) => (i.documentId ? [i.documentId] : [])))
  ];
  const rows: AuditRow[] = [];
  for (let i = 0; i < targets.length; i += 500)
    rows.push(
      ...(await db
        .selectFrom('audit_log')
        .selectAll()
        .where('target', 'in', targets.slice(i, i + 500))
        .execute())
    );
  const head = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const ordered = rows
    .map((r) => ({ ...r, seq: Number(r.seq), at: Number(r.at) }))
    .sort((a, b) => a.seq - b.seq)
    .map((r) => ({
      seq: r.seq,
      at: r.at,
      actor_id: r.actor_id,
      action: r.action,
      target: r.target,
      details: r.details,
      ip: r.ip,
      prev_hash: r.prev_hash,
      hash: r.hash
    }));
  return json({
    about:
      'Rows of the Athar audit log concerning the objects of this dossier. hash = SHA-256(prev_hash + "\\n" + ' +
      'JSON.stringify([seq, at, actor_id, action, target, details, ip])); head is the chain head when the dossier was made.',
    head: { seq: Number(head.seq), hash: head.hash },
    rows: ordered
  });
}

export type RecordMeta = {
  exportedAt: Date;
  exportedBy: { id: string | null; name: string };
  keyId: string;
  /** A body's or a person's record (subject.ts), for their dossiers. */
  subject?: Record<string, unknown>;
};

/** data/record.json: what the dossier is about, each item with its files, and who did what. */
export async function recordJson(context: PayloadContext, meta: RecordMeta, summaries: ItemSummary[]) {
  const { scope } = context;
  const people = new Set<string>();
  for (const s of summaries) {
    for (const r of s.reviews) people.add(r.userId);
    for (const f of s.findings) for (const id of [f.createdBy, f.updatedBy]) if (id) people.add(id);
  }
  const names = await namesOf(context.db, [...people]);
  return json({
    dossier: {
      about: { kind: scope.kind, id: scope.id, title: scope.title },
      exportedAt: meta.exportedAt.toISOString(),
      exportedBy: meta.exportedBy,
      redaction: context.redaction,
      signingKeyId: meta.keyId
    },
    ...meta.subject,
    collection: scope.collection,
    queues: scope.queues,
    items: summaries.map((s) => ({
      id: s.item.id,
      kind: s.item.kind,
      originalName: s.item.originalName,
      sha256: s.item.sha256,
      bytes: s.item.bytes,
      mime: s.item.mime,
      width: s.item.width,
      height: s.item.height,
      document: s.item.documentId ? { id: s.item.documentId, page: s.item.page + 1 } : null,
      exif: JSON.parse(s.item.exif || '{}'),
      role: scope.roles[s.item.id] ?? null,
      ingested: { by: s.item.ingestedBy, at: new Date(s.item.ingestedAt).toISOString() },
      files: {
        original: s.original ? `data/${s.original}` : null,
        annotations: `data/${s.annotations}`,
        transcription: s.transcription ? `data/${s.transcription}` : null,
        reviews: s.reviews.map((r) => ({
          assignmentId: r.assignmentId,
          reviewer: { id: r.userId, name: names[r.userId] ?? null },
          submittedAt: new Date(r.at).toISOString(),
          file: `data/${r.file}`
        }))
      },
      findings: s.findings.length
    })),
    people: names
  });
}
