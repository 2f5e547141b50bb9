import type { Runtime } from '../src/lib/server/runtime.ts';
import type { UpgradeRouter } from '../src/lib/server/http/upgrade.ts';
import { tombstoneChanges } from '../src/lib/server/annotations/tombstone-audit.ts';
import { audit } from '../src/lib/server/audit/log.ts';
import { createCollabAccess } from '../src/lib/server/collab/access.ts';
import { PROJECTED_ROOTS, projectRoom } from '../src/lib/server/collab/projection.ts';
import { createRedisFanout } from '../src/lib/server/collab/fanout.ts';
import { createCollabServer } from '../src/lib/server/collab/server.ts';
import { createRoomStore } from '../src/lib/server/collab/store.ts';

/**
 * The websocket paths capabilities mount: `/collab/` (real-time documents). Shared by
 * server/index.ts and the `vite dev` plugin. Returns a function that stores and closes everything.
 */
export function mountWebsockets(router: UpgradeRouter, runtime: Runtime) {
  const access = createCollabAccess(runtime.db, runtime.config.origin);
  const collab = createCollabServer({
    store: createRoomStore(runtime.db),
    authorize: access.authorize,
    recheck: access.recheck,
    accessEpoch: access.accessEpoch,
    projectedRoots: PROJECTED_ROOTS,
    project: (room, doc, unstoredAuthors) =>
      projectRoom(runtime.db, runtime.dialect, room, doc, unstoredAuthors),
    onChange(room, origin, transaction) {
      // A change relayed from another instance is audited there, where its sender is connected.
      if (origin?.remote) return;
      for (const entry of tombstoneChanges(room, origin?.userId ?? null, transaction))
        audit(runtime.db, entry).catch((err: Error) =>
          console.error(`[collab] ${room}: audit failed:`, err.message)
        );
    },
    fanout: runtime.config.redisUrl
      ? createRedisFanout(runtime.config.redisUrl, (m) => console.log(`[collab] ${m}`))
      : undefined
  });
  router.register('/collab/', collab.handleUpgrade);
  runtime.collab = collab;
  return { collab, close: () => collab.close() };
}
