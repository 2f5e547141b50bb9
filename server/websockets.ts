import type { Runtime } from '../src/lib/server/runtime.ts';
import type { UpgradeRouter } from '../src/lib/server/http/upgrade.ts';
import { createCollabAccess } from '../src/lib/server/collab/access.ts';
import { PROJECTED_ROOTS, projectRoom } from '../src/lib/server/collab/projection.ts';
import { createRedisFanout } from '../src/lib/server/collab/fanout.ts';
import { createCollabServer } from '../src/lib/server/collab/server.ts';
import { createRoomStore } from '../src/lib/server/collab/store.ts';
import { createSchemaUpgrades } from '../src/lib/server/collab/schema-upgrade.ts';

/**
 * The websocket paths capabilities mount: `/collab/` (real-time documents). Shared by
 * server/index.ts and the `vite dev` plugin. Returns a function that stores and closes everything.
 */
export function mountWebsockets(router: UpgradeRouter, runtime: Runtime) {
  const access = createCollabAccess(runtime.db, runtime.config.origin);
  const upgrades = createSchemaUpgrades(runtime.db, () => runtime.collab);
  const collab = createCollabServer({
    store: createRoomStore(runtime.db),
    // A room is upgraded to the current document schema before a client joins it (schema-upgrade.ts).
    authorize: async (request, room) => {
      const decision = await access.authorize(request, room);
      if (decision.ok) await upgrades.ensure(room);
      return decision;
    },
    recheck: access.recheck,
    accessEpoch: access.accessEpoch,
    projectedRoots: PROJECTED_ROOTS,
    project: (room, doc, unstoredAuthors) =>
      projectRoom(runtime.db, runtime.dialect, room, doc, unstoredAuthors),
    fanout: runtime.config.redisUrl
      ? createRedisFanout(runtime.config.redisUrl, (m) => console.log(`[collab] ${m}`))
      : undefined
  });
  router.register('/collab/', collab.handleUpgrade);
  runtime.collab = collab;
  return { collab, close: () => collab.close() };
}
