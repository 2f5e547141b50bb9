/**
 * Browser uploads, streamed to disk outside SvelteKit (no body-size buffering):
 *   POST /api/collections/<collectionId>/uploads?kind=photo|document
 *   headers: X-File-Name (URI-encoded), optional X-File-Modified (epoch ms); body: the file's bytes.
 * The file then goes through the same ingest pipeline and checks as the CLI.
 *
 * Security invariants: the rules of every other write (auth/authenticate.ts `authenticateNode`: a
 * cookie upload must come from our own Origin, a bearer token needs none, a session that owes its
 * second factor uploads nothing); coordinators and admins with access to the collection only; the
 * body is cut off at MAX_UPLOAD_BYTES and the partial file removed.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../db/connect.ts';
import { authenticateNode } from '../auth/authenticate.ts';
import { collectionForUser, oversees } from '../auth/permissions.ts';
import { clientAddress } from '../http/client-address.ts';
import { errorBody } from '../http/errors.ts';
import { failInternal, sendError, sendJson } from '../http/node-response.ts';
import { ingestFile, type IngestResult } from './ingest.ts';
import { tempPath, type Store } from './store.ts';
import { checkEpochMsText } from '../validate.ts';

export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
const ROUTE = /^\/api\/collections\/([a-z2-7]{24})\/uploads(?:\?(.*))?$/;

class TooLarge extends Error {}

export function createUploadHandler(options: {
  db: Db;
  store: Store;
  origin: string | undefined;
  trustProxy: readonly string[];
}) {
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
      return sendError(res, 'too_large', 'The file is larger than 2 GiB.');

    const temp = await tempPath(options.store, '.upload');
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
      result = await ingestFile(options.db, options.store, {
        path: temp,
        originalName: name,
        originalPath: `upload:${name}`,
        modifiedAt: !modified ? Date.now() : modified.ok && modified.value > 0 ? modified.value : undefined,
        collectionId,
        kind,
        actor: who.user.id,
        ip: clientAddress(req, options.trustProxy)
      });
    } catch (err) {
      if (!(err instanceof TooLarge)) throw err;
      result = 'too large';
    } finally {
      await fsp.rm(temp, { force: true });
    }
    // Answered only now, once the temporary copy is gone: when a client hears "rejected" or
    // "duplicate", nothing of its upload is left on disk.
    if (result === 'too large') return sendError(res, 'too_large', 'The file is larger than 2 GiB.');
    const body = { ...result, path: name };
    if (result.status === 'rejected') {
      return sendJson(res, 422, {
        ...errorBody('rejected', result.reason ?? 'The file was refused.'),
        result: body
      });
    }
    sendJson(res, result.status === 'ingested' ? 201 : 200, body);
  }

  return {
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      const match = ROUTE.exec(req.url ?? '');
      if (!match) return false;
      serve(req, res, match[1] as string, new URLSearchParams(match[2] ?? '')).catch((err: unknown) =>
        failInternal(res, 'upload', req.url, err)
      );
      return true;
    }
  };
}
