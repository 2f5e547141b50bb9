import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../src/lib/server/runtime.ts';
import { createIiifHandler } from '../src/lib/server/evidence/iiif-http.ts';
import { createTileCache } from '../src/lib/server/evidence/tiles.ts';
import { createUploadHandler } from '../src/lib/server/evidence/upload-http.ts';

/**
 * Routes answered before SvelteKit, for speed (tiles) or for streaming bodies (uploads). Shared by
 * server/index.ts and the `vite dev` plugin.
 */
export function createDirectRoutes(runtime: Runtime) {
  const tiles = createTileCache(runtime.config);
  const handlers = [
    createIiifHandler({
      db: runtime.db,
      tiles,
      origin: runtime.config.origin,
      tilePassSecret: runtime.config.tilePassSecret
    }),
    createUploadHandler({
      db: runtime.db,
      store: runtime.config,
      origin: runtime.config.origin,
      trustProxy: runtime.config.trustProxy,
      keepFree: runtime.config.uploadFreeSpaceMin
    })
  ];
  return {
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      return handlers.some((h) => h.handle(req, res));
    },
    close: () => tiles.close()
  };
}
