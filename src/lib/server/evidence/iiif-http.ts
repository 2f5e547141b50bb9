/**
 * IIIF Image API 3.0 (level 0) over HTTP, outside SvelteKit for speed:
 *   GET /iiif/<itemId>/info.json
 *   GET /iiif/<itemId>/<region>/<size>/<rotation>/<quality>.<format>
 *   GET /iiif/<itemId>/thumbnail.jpg   (the pyramid's single-tile level, ≤ 256 px)
 *   GET /iiif/<itemId>/access          (204: the access decision alone, for a proxy that serves the
 *                                       tile bytes itself after asking — deploy/nginx.conf; with a
 *                                       tile pass for that proxy when TILE_PASS_SECRET is set, as
 *                                       with info.json)
 * (The Presentation API under /iiif/manifests/, /iiif/collections/ and /iiif/annotations/ is
 * SvelteKit's: src/lib/server/iiif/.)
 *
 * Security invariants:
 * - Every request needs a session cookie or bearer token of a user who may see the item's
 *   collection (401 without, 403 outside it); items still `processing` do not exist (404).
 * - Access decisions are cached per credential and item for ACCESS_TTL_MS only, so a disabled user
 *   or a removed membership stops tile access within seconds.
 * - The URL never names a file: the item id selects a container by content hash, the rest is parsed
 *   to a tile key; encoded slashes, dot segments and absurd numbers are refused with 400.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/connect.ts';
import type { ItemRow } from '../db/schema.ts';
import { REFUSED, authenticateNode, credentialsOf } from '../auth/authenticate.ts';
import { ITEM_DENIED, itemForUser } from '../auth/access/collections.ts';
import { BASE_HEADERS, failInternal, sendError, sendJson } from '../http/node-response.ts';
import { parseImageRequest } from './iiif-request.ts';
import { rememberAnswer, type Container, type TileCache } from './tiles.ts';
import type { ZipEntry } from './zip.ts';
import { isId } from '../validate.ts';
import { PRESENTATION_PATH } from '../iiif/urls.ts';
import { tilePassCookie } from './tile-pass.ts';

const ACCESS_TTL_MS = 5_000;
const ACCESS_CACHE_MAX = 20_000;

/**
 * Longer than any credential Athar issues (`Bearer athar_…` is 45 characters, a session token 32).
 * Why a bound: the decisions are kept by credential, and a header may be 16 KiB; 20,000 kept refusals
 * of invented 16 KiB tokens held 370 MiB of a server (an attacker's probe, no account needed).
 */
const KEPT_CREDENTIAL_MAX = 64;

/** The key a decision is kept under, or null when the credential is too long to be one of ours. */
export function decisionKey(credential: string, itemId: string): string | null {
  return credential.length <= KEPT_CREDENTIAL_MAX ? `${credential}\n${itemId}` : null;
}

/** `at`: when it was made (ms), which a tile pass's expiry counts from. */
type Decision = { item: ItemRow | null; status: 200 | 401 | 403 | 404; at: number };

/** Written once per tile, not per request: the headers are the same for every answer of a tile. */
type TileHeaders = { etag: string; notModified: string[]; full: string[] };
const TILE_HEADERS = Object.entries({
  ...BASE_HEADERS,
  'Cache-Control': 'private, max-age=31536000, immutable',
  'Content-Type': 'image/jpeg'
}).flat();
const headersOfTile = new WeakMap<ZipEntry, TileHeaders>();

function tileHeaders(item: ItemRow, entry: ZipEntry): TileHeaders {
  let headers = headersOfTile.get(entry);
  if (!headers) {
    const etag = `"${item.sha256.slice(0, 32)}-${item.page_index}-${entry.offset}"`;
    const notModified = [...TILE_HEADERS, 'ETag', etag];
    headers = { etag, notModified, full: [...notModified, 'Content-Length', String(entry.size)] };
    headersOfTile.set(entry, headers);
  }
  return headers;
}

/** The requests named by their last segment; anything else of five segments asks for a tile. */
const NAMED = { 'info.json': 'info', 'thumbnail.jpg': 'thumbnail', access: 'access' } as const;
type Asked = { kind: 'info' | 'thumbnail' | 'access' | 'tile'; path: string; segments: string[] };
const NO_TILE = 'No such tile at level 0: use the sizes and tiles from info.json.';

/** The entry a request names, or why there is none (NO_TILE, or the parse's message: a bad request). */
function findTile(asked: Asked, item: ItemRow, container: Container): ZipEntry | string {
  let keys: string[];
  if (asked.kind === 'thumbnail') {
    const smallest = container.info.sizes[0];
    if (!smallest) return NO_TILE;
    keys = [`0,0,${item.width},${item.height}/${smallest.width},${smallest.height}`];
  } else {
    const [, region = '', size = '', rotation = '', qualityFormat = ''] = asked.segments;
    const parsed = parseImageRequest(region, size, rotation, qualityFormat, item.width, item.height);
    if (!parsed.ok) return parsed.message;
    keys = parsed.keys;
  }
  return keys.map((k) => container.tiles.get(k)).find((e) => e !== undefined) ?? NO_TILE;
}

/** `next(value)` now when the value is at hand, after it arrives otherwise. */
function andThen<T>(value: T | Promise<T>, next: (value: T) => void | Promise<void>): void | Promise<void> {
  return value instanceof Promise ? value.then(next) : next(value);
}

export function createIiifHandler(options: {
  db: Db;
  tiles: TileCache;
  origin: string | undefined;
  tilePassSecret: string | undefined;
}) {
  const decisions = new LRUCache<string, Decision>({ max: ACCESS_CACHE_MAX, ttl: ACCESS_TTL_MS });

  /** The decision at hand when it was made less than ACCESS_TTL_MS ago, else a promise of it. */
  function decide(req: IncomingMessage, itemId: string): Decision | Promise<Decision> {
    const { authorization, sessionToken } = credentialsOf(req);
    const credential = authorization ?? sessionToken;
    if (!credential) return { item: null, status: 401, at: Date.now() };
    const key = decisionKey(credential, itemId);
    return (key !== null && decisions.get(key)) || decideAnew(req, itemId, key);
  }

  async function decideAnew(req: IncomingMessage, itemId: string, key: string | null): Promise<Decision> {
    // Tiles are read by <img> and the viewer, which send no Origin: reads need none.
    const auth = await authenticateNode(options.db, req, { origin: options.origin, sameOrigin: false });
    const at = Date.now();
    let decision: Decision;
    if (!auth.ok) decision = { item: null, status: 401, at };
    else {
      const access = await itemForUser(options.db, auth.who.user, itemId);
      decision = access.ok
        ? { item: access.item, status: 200, at }
        : { item: null, status: access.status, at };
    }
    if (key !== null) decisions.set(key, decision);
    return decision;
  }

  /**
   * Every stage answers at once when what it needs is at hand (a hot tile: the decision, the open
   * container and the bytes kept, not one await), else after the promise it returns.
   */
  function serve(req: IncomingMessage, res: ServerResponse, url: string): void | Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendError(res, 'method_not_allowed', 'IIIF is read-only.');
    const path = url.split('?')[0] as string;
    if (/%2f|%5c|%2e|\\/i.test(path))
      return sendError(res, 'bad_request', 'Encoded path characters are not allowed.');
    const segments = path.split('/').slice(2); // '', 'iiif', …
    const itemId = segments[0] ?? '';
    if (!isId(itemId) || segments.some((s) => s === '..' || s === '.'))
      return sendError(res, 'bad_request', 'Bad IIIF path.');
    const named = segments.length === 2 ? NAMED[segments[1] as keyof typeof NAMED] : undefined;
    if (!named && segments.length !== 5)
      return sendError(
        res,
        'bad_request',
        'Expected /iiif/<id>/info.json or /iiif/<id>/<region>/<size>/<rotation>/<quality>.<format>.'
      );
    const asked: Asked = { kind: named ?? 'tile', path, segments };
    return andThen(decide(req, itemId), (decision) => answer(req, res, asked, decision));
  }

  function answer(req: IncomingMessage, res: ServerResponse, asked: Asked, decision: Decision) {
    if (decision.status === 401) return sendError(res, 'unauthorized', REFUSED.noCredentials);
    if (decision.status !== 200) {
      const denied = ITEM_DENIED[decision.status];
      return sendError(res, denied.code, denied.message);
    }
    const item = decision.item;
    if (!item) return sendError(res, 'not_found', ITEM_DENIED[404].message);
    if (asked.kind === 'access') return allow(req, res, item, decision);
    const container = options.tiles.get(item.sha256, item.page_index, item.width, item.height);
    return andThen(container, (c) =>
      asked.kind === 'info' ? sendInfo(req, res, item, decision, c) : sendTile(req, res, asked, item, c)
    );
  }

  /**
   * A tile pass for this item (a Set-Cookie header), when passes are signed and the decision was the
   * session cookie's alone; else no header.
   */
  function tilePass(req: IncomingMessage, item: ItemRow, decision: Decision): Record<string, string> {
    const { authorization, sessionToken } = credentialsOf(req);
    if (!options.tilePassSecret || !sessionToken || authorization) return {};
    const secure = (options.origin ?? '').startsWith('https:');
    return {
      'Set-Cookie': tilePassCookie(options.tilePassSecret, item.id, sessionToken, decision.at, secure)
    };
  }

  function allow(req: IncomingMessage, res: ServerResponse, item: ItemRow, decision: Decision) {
    res.writeHead(204, { ...BASE_HEADERS, 'Cache-Control': 'no-store', ...tilePass(req, item, decision) });
    res.end();
  }

  /** info.json, with a tile pass: a viewer reads it first, so its first tiles need not ask either. */
  function sendInfo(
    req: IncomingMessage,
    res: ServerResponse,
    item: ItemRow,
    decision: Decision,
    container: Container
  ) {
    const origin = options.origin ?? `http://${req.headers.host}`;
    sendJson(
      res,
      200,
      {
        '@context': 'http://iiif.io/api/image/3/context.json',
        id: `${origin}/iiif/${item.id}`,
        type: 'ImageService3',
        protocol: 'http://iiif.io/api/image',
        profile: 'level0',
        width: item.width,
        height: item.height,
        tiles: [{ width: container.info.tileWidth, scaleFactors: container.info.scaleFactors }],
        sizes: container.info.sizes
      },
      {
        'Content-Type': 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"',
        'Cache-Control': 'private, max-age=3600',
        ...tilePass(req, item, decision)
      }
    );
  }

  function sendTile(
    req: IncomingMessage,
    res: ServerResponse,
    asked: Asked,
    item: ItemRow,
    container: Container
  ): void | Promise<void> {
    // The path after `/iiif/<id>/`: what names the tile within the item's container.
    const tail =
      asked.kind === 'thumbnail'
        ? 'thumbnail'
        : asked.path.slice(asked.path.indexOf('/', '/iiif/'.length) + 1);
    let entry = container.answered.get(tail);
    if (!entry) {
      const found = findTile(asked, item, container);
      if (typeof found === 'string')
        return sendError(res, found === NO_TILE ? 'not_found' : 'bad_request', found);
      entry = found;
      rememberAnswer(container, tail, entry);
    }
    const headers = tileHeaders(item, entry);
    if (req.headers['if-none-match'] === headers.etag) {
      res.writeHead(304, headers.notModified);
      return void res.end();
    }
    if (req.method === 'HEAD') {
      res.writeHead(200, headers.full);
      return void res.end();
    }
    return andThen(options.tiles.read(container, entry), (data) => {
      res.writeHead(200, headers.full);
      res.end(data);
    });
  }

  return {
    /** true when the request was for /iiif/ (and has been answered). */
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      const url = req.url ?? '';
      // Manifests, collections and annotation pages are SvelteKit's (iiif/urls.ts).
      if (!url.startsWith('/iiif/') || PRESENTATION_PATH.test(url)) return false;
      try {
        serve(req, res, url)?.catch((err: unknown) => failInternal(res, 'iiif', url, err));
      } catch (err) {
        failInternal(res, 'iiif', url, err);
      }
      return true;
    }
  };
}
