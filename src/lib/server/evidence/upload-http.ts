/**
 * Browser uploads, streamed to disk outside SvelteKit (no body-size buffering):
 *   POST /api/collections/<collectionId>/uploads?kind=photo|document
 *   headers: X-File-Name (URI-encoded), optional X-File-Modified (epoch ms), optional X-Upload-Id
 *   (16–64 URL-safe characters, random); body: the file's bytes.
 * The file then goes through the same ingest pipeline and checks as the CLI. A refusal carries the
 * English `reason` and its `reasonCode` + `reasonParams` (reasons.ts).
 *   GET /api/collections/<collectionId>/uploads/<uploadId>: `{ phase, progress }` of a running
 *   upload sent with that X-Upload-Id (phase receiving | checking | waiting | tiling, progress 0–1);
 *   404 once it is answered. `waiting`: each server process cuts one upload's tiles at a time.
 *
 * Security invariants: the rules of every other write (auth/authenticate.ts `authenticateNode`: a
 * cookie upload must come from our own Origin, a bearer token needs none, a session that owes its
 * second factor uploads nothing); coordinators and admins with access to the collection only; the
 * body is cut off at MAX_UPLOAD_BYTES and the partial file removed; a user has at most
 * UPLOADS_PER_USER_AT_ONCE uploads running in a process. The progress of an upload is
 * read by its uploader, or by someone who may see its collection, and no one else.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../db/connect.ts';
import { authenticateNode, type Authenticated } from '../auth/authenticate.ts';
import { oversees } from '../../model/roles.ts';
import { collectionForUser } from '../auth/access/collections.ts';
import { clientAddress } from '../http/client-address.ts';
import { errorBody } from '../http/errors.ts';
import { failInternal, sendError, sendJson } from '../http/node-response.ts';
import { ingestFile, type IngestResult } from './ingest.ts';
import { cutTurns } from './pool.ts';
import { reasonText } from './reasons.ts';
import { tempPath, type Store } from './store.ts';
import { createUploadSpace } from './upload-space.ts';
import {
  findProgress,
  progressReporter,
  startProgress,
  UPLOAD_ID,
  type ProgressReporter
} from './upload-progress.ts';
import { checkEpochMsText } from '../validate.ts';

export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
const TOO_LARGE = reasonText({ code: 'too_large', params: { limit: MAX_UPLOAD_BYTES } });
const NO_ROOM = "The server's disk has too little free space for this upload; ask an administrator.";
const ROUTE = /^\/api\/collections\/([a-z2-7]{24})\/uploads(?:\?(.*))?$/;
const PROGRESS_ROUTE = /^\/api\/collections\/([a-z2-7]{24})\/uploads\/([^/?]+)(?:\?.*)?$/;

class TooLarge extends Error {}

/**
 * Pyramids one server process cuts for uploads at once; a later upload waits its turn (its phase
 * `waiting`). Why a bound: an upload's cut runs in the process that serves the reviewers' tiles and
 * rooms, with libvips threads for every core and its own memory (tens of MiB for 100 MP, more for a
 * 400 MP scan), and nothing else held back how many a client started: uploads sent all at once (a
 * script with a coordinator's token, several coordinators) were all cut at once.
 */
const UPLOAD_CUTS_AT_ONCE = 1;

/**
 * Uploads one user may have running in one server process (received, waiting or being cut); one
 * more is refused (429) before a byte is kept. Why: the disk floor bounds the bytes of the uploads
 * that wait, not their number, and each holds a connection, a temporary file and a progress row — a
 * script with one coordinator's token could open thousands. The upload page sends two at a time.
 */
export const UPLOADS_PER_USER_AT_ONCE = 4;

export function createUploadHandler(options: {
  db: Db;
  store: Store;
  origin: string | undefined;
  trustProxy: readonly string[];
  /** Free space an upload must leave on the data directory's disk (bytes). */
  keepFree: number;
}) {
  const cutTurn = cutTurns(UPLOAD_CUTS_AT_ONCE);
  const space = createUploadSpace(options.store.dataDir, options.keepFree);
  /** Uploads running in this process, by user id (absent: none). */
  const runningOf = new Map<string, number>();

  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    collectionId: string,
    query: URLSearchParams
  ) {
    if (req.method !== 'POST') return sendError(res, 'method_not_allowed', 'Use POST.');
    const auth = await authenticateNode(options.db, req, { origin: options.origin, sameOrigin: true });
    if (!auth.ok) return sendError(res, auth.code, auth.message);
    const { who } = auth;
    if (!oversees(who.user))
      return sendError(res, 'forbidden', 'Only coordinators and administrators can upload.');
    if (!(await collectionForUser(options.db, who.user, collectionId)).ok)
      return sendError(res, 'forbidden', 'You do not have access to this collection.');
    // Counted and taken in one turn of the event loop: two uploads cannot both take the last place.
    const running = runningOf.get(who.user.id) ?? 0;
    if (running >= UPLOADS_PER_USER_AT_ONCE)
      return sendError(
        res,
        'too_many_requests',
        `You have ${running} uploads running; send the next one when one of them is answered.`
      );
    runningOf.set(who.user.id, running + 1);
    try {
      await receive(req, res, who, collectionId, query);
    } finally {
      const left = (runningOf.get(who.user.id) ?? 1) - 1;
      if (left > 0) runningOf.set(who.user.id, left);
      else runningOf.delete(who.user.id);
    }
  }

  /** The upload's checks, bytes and ingest, once its sender may upload here and has a place. */
  async function receive(
    req: IncomingMessage,
    res: ServerResponse,
    who: Authenticated,
    collectionId: string,
    query: URLSearchParams
  ) {
    const kind = query.get('kind') ?? 'photo';
    if (kind !== 'photo' && kind !== 'document')
      return sendError(res, 'bad_request', 'kind must be photo or document.');
    let name: string;
    try {
      name = decodeURIComponent(String(req.headers['x-file-name'] ?? '')).trim();
    } catch {
      return sendError(res, 'bad_request', 'X-File-Name must be URI-encoded.');
    }
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (!name || name.length > 255 || /[\u0000-\u001f/\\]/.test(name)) {
      return sendError(res, 'bad_request', 'X-File-Name must be a file name of 1–255 characters.');
    }
    const modifiedHeader = req.headers['x-file-modified'];
    const modified = modifiedHeader === undefined ? null : checkEpochMsText(String(modifiedHeader));
    if (modified && !modified.ok)
      return sendError(
        res,
        'bad_request',
        'X-File-Modified must be epoch milliseconds (digits, up to the year 9999).'
      );
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES)
      return sendError(res, 'too_large', TOO_LARGE);
    const uploadId = req.headers['x-upload-id'];
    let progress: ProgressReporter | null = null;
    if (uploadId !== undefined) {
      if (typeof uploadId !== 'string' || !UPLOAD_ID.test(uploadId))
        return sendError(res, 'bad_request', 'X-Upload-Id must be 16–64 letters, digits, - or _.');
      if (!(await startProgress(options.db, { id: uploadId, collectionId, uploaderId: who.user.id })))
        return sendError(res, 'conflict', 'This X-Upload-Id is in use.');
      progress = progressReporter(options.db, uploadId);
    }
    // A length not declared (a chunked body) is held as the largest upload can be.
    const hold = await space.hold(Number.isFinite(declared) && declared >= 0 ? declared : MAX_UPLOAD_BYTES);
    if (!hold) {
      await progress?.end();
      return sendError(res, 'unavailable', NO_ROOM);
    }

    let temp: string;
    try {
      temp = await tempPath(options.store, '.upload');
    } catch (err) {
      hold.release();
      await progress?.end();
      throw err;
    }
    let result: IngestResult | 'too large';
    try {
      let received = 0;
      await pipeline(
        req,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            received += chunk.length;
            if (received > MAX_UPLOAD_BYTES) throw new TooLarge();
            yield chunk;
          }
        },
        fs.createWriteStream(temp, { flags: 'wx', mode: 0o600 })
      );
      result = await ingestFile(
        options.db,
        options.store,
        {
          path: temp,
          originalName: name,
          originalPath: `upload:${name}`,
          modifiedAt: !modified ? Date.now() : modified.ok && modified.value > 0 ? modified.value : undefined,
          collectionId,
          kind,
          actor: who.user.id,
          ip: clientAddress(req, options.trustProxy)
        },
        progress?.report,
        cutTurn
      );
    } catch (err) {
      if (!(err instanceof TooLarge)) throw err;
      result = 'too large';
    } finally {
      await fsp.rm(temp, { force: true });
      hold.release();
      await progress?.end();
    }
    // Answered only now, once the temporary copy is gone: when a client hears "rejected" or
    // "duplicate", nothing of its upload is left on disk.
    if (result === 'too large') return sendError(res, 'too_large', TOO_LARGE);
    const body = { ...result, path: name };
    if (result.status === 'rejected') {
      return sendJson(res, 422, {
        ...errorBody('rejected', result.reason ?? 'The file was refused.'),
        result: body
      });
    }
    sendJson(res, result.status === 'ingested' ? 201 : 200, body);
  }

  async function serveProgress(req: IncomingMessage, res: ServerResponse, collectionId: string, id: string) {
    if (req.method !== 'GET') return sendError(res, 'method_not_allowed', 'Use GET.');
    const auth = await authenticateNode(options.db, req, { origin: options.origin, sameOrigin: false });
    if (!auth.ok) return sendError(res, auth.code, auth.message);
    const { user } = auth.who;
    const row = UPLOAD_ID.test(id) ? await findProgress(options.db, id) : undefined;
    // The uploader always; anyone else only with access to the collection (checked before the row
    // is looked at, so a stranger learns nothing about which uploads exist).
    if (row?.uploader_id !== user.id) {
      const access = await collectionForUser(options.db, user, collectionId);
      if (!access.ok && access.status === 404) return sendError(res, 'not_found', 'No such collection.');
      if (!access.ok) return sendError(res, 'forbidden', 'You do not have access to this collection.');
    }
    if (!row || row.collection_id !== collectionId)
      return sendError(res, 'not_found', 'No upload with this id is running in this collection.');
    sendJson(res, 200, { phase: row.phase, progress: row.permille / 1000 });
  }

  return {
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      const url = req.url ?? '';
      const match = ROUTE.exec(url);
      if (match) {
        serve(req, res, match[1] as string, new URLSearchParams(match[2] ?? '')).catch((err: unknown) =>
          failInternal(res, 'upload', req.url, err)
        );
        return true;
      }
      const progress = PROGRESS_ROUTE.exec(url);
      if (!progress) return false;
      serveProgress(req, res, progress[1] as string, progress[2] as string).catch((err: unknown) =>
        failInternal(res, 'upload progress', req.url, err)
      );
      return true;
    }
  };
}
