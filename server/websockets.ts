import type { Runtime } from '../src/lib/server/runtime.ts';
import type { UpgradeRouter } from '../src/lib/server/http/upgrade.ts';

/**
 * Where capabilities mount their websocket paths (the collab server will register `/collab/`).
 * Shared by server/index.ts and the `vite dev` plugin. Returns a function that closes what it mounted.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function mountWebsockets(router: UpgradeRouter, runtime: Runtime): () => Promise<void> {
  return async () => {};
}
