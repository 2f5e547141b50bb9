/**
 * Browser uploads, streamed to disk outside SvelteKit (no body-size buffering):
 *   POST /api/collections/<collectionId>/uploads?kind=photo|document
 *   headers: X-File-Name (URI-encoded), optional X-File-Modified (epoch ms); body: the file's bytes.
 * The file then goes through the same ingest pipeline and checks as the CLI.
 *
 * Security invariants: coordinators and admins with access to the collection only; a cookie-
 * authenticated upload must come from our own Origin (CSRF), a bearer token needs no Origin; the
 * body is cut off at MAX_UPLOAD_BYTES and the partial file removed.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../db/connect.ts';
import { authenticate, sessionTokenFromCookieHeader } from '../auth/authenticate.ts';
import { canAccessCollection } from '../collections/collections.ts';
import { sendError, sendJson } from '../http/node-response.ts';
import { ingestFile, type IngestResult } from './ingest.ts';
import { tempPath, type Store } from './store.ts';

export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
const ROUTE = /^\/api\/collections\/([a-z2-7]{24})\/uploads(?:\?(.*))?$/;

class TooLarge extends Error {}

export function createUploadHandler(options: { db: Db; store: Store; origin: string | undefined }) {
  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    collectionId: string,
    query: URLSearchParams
  ) {
    if (req.method !== 'POST') return sendError(res, 405, 'Use POST.');
    const authorization = req.headers.authorization;
    const who = await authenticate(options.db, {
      authorization,
      sessionToken: sessionTokenFromCookieHeader(req.headers.cookie)
    });
    if (!who || who.pendingSecondFactor) return sendError(res, 401, 'Sign in or send a valid API token.');
    if (who.via === 'cookie') {
      const expected = options.origin ?? `http://${req.headers.host}`;
      if (req.headers.origin !== expected) {
        return sendError(res, 403, 'Cross-origin requests with a session cookie may not change anything.');
      }
    }
    if (who.user.role !== 'admin' && who.user.role !== 'coordinator') {
      return sendError(res, 403, 'Only coordinators and administrators can upload.');
    }
    if (!(await canAccessCollection(options.db, who.user, collectionId))) {
      return sendError(res, 403, 'You do not have access to this collection.');
    }
    const kind = query.get('kind') ?? 'photo';
    if (kind !== 'photo' && kind !== 'document')
      return sendError(res, 400, 'kind must be photo or document.');
    let name: string;
    try {
      name = decodeURIComponent(String(req.headers['x-file-name'] ?? '')).trim();
    } catch {
      return sendError(res, 400, 'X-File-Name must be URI-encoded.');
    }
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (!name || name.length > 255 || /[\u0000-\u001f/\\]/.test(name)) {
      return sendError(res, 400, 'X-File-Name must be a file name of 1–255 characters.');
    }
    const modified = Number(req.headers['x-file-modified'] ?? Date.now());
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES)
      return sendError(res, 413, 'The file is larger than 2 GiB.');

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
        modifiedAt: Number.isFinite(modified) && modified > 0 ? modified : undefined,
        collectionId,
        kind,
        actor: who.user.id,
        ip: req.socket.remoteAddress ?? null
      });
    } catch (err) {
      if (!(err instanceof TooLarge)) throw err;
      result = 'too large';
    } finally {
      await fsp.rm(temp, { force: true });
    }
    // Answered only now, once the temporary copy is gone: when a client hears "rejected" or
    // "duplicate", nothing of its upload is left on disk.
    if (result === 'too large') return sendError(res, 413, 'The file is larger than 2 GiB.');
    const body = { ...result, path: name };
    if (result.status === 'rejected') {
      return sendJson(res, 422, { error: { code: 'rejected', message: result.reason }, result: body });
    }
    sendJson(res, result.status === 'ingested' ? 201 : 200, body);
  }

  return {
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      const match = ROUTE.exec(req.url ?? '');
      if (!match) return false;
      serve(req, res, match[1] as string, new URLSearchParams(match[2] ?? '')).catch((err: unknown) => {
        console.error(`[upload] ${req.url}:`, err);
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'Internal error' } });
        else res.destroy();
      });
      return true;
    }
  };
}
