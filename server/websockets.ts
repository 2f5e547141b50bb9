import cluster from 'node:cluster';
import type { Doc } from 'yjs';
import type { Runtime } from '../src/lib/server/runtime.ts';
import type { UpgradeRouter } from '../src/lib/server/http/upgrade.ts';
import { tombstoneAudit } from '../src/lib/server/annotations/tombstone-audit.ts';
import { audit } from '../src/lib/server/audit/log.ts';
import { createEvaluationSeeds } from '../src/lib/server/bodies/evaluation.ts';
import { createCollabAccess } from '../src/lib/server/collab/access.ts';
import { createRedisFanout, type Fanout } from '../src/lib/server/collab/fanout.ts';
import { fanoutExtension } from '../src/lib/server/collab/fanout-extension.ts';
import { createIpcFanout } from '../src/lib/server/collab/ipc-fanout.ts';
import { readCollabLimits } from '../src/lib/server/collab/limits.ts';
import { recordPageActivity } from '../src/lib/server/collab/page-activity.ts';
import { PROJECTED_ROOTS, projectRoom } from '../src/lib/server/collab/projection.ts';
import { projectionExtension } from '../src/lib/server/collab/projection-extension.ts';
import { createCollabServer } from '../src/lib/server/collab/server.ts';
import { createRoomStore } from '../src/lib/server/collab/store.ts';
import { createSchemaUpgrades } from '../src/lib/server/collab/schema-upgrade.ts';
import { validateUpdate } from '../src/lib/server/collab/validate/index.ts';
import { validation } from '../src/lib/server/collab/validation.ts';
import { adjudicationExtension } from '../src/lib/server/review/adjudication-extension.ts';

const log = (m: string) => console.log(`[collab] ${m}`);

/**
 * How this process shares its rooms: through Redis with other instances (which also covers the
 * other processes of this one), else with its sibling processes over IPC, else not at all.
 */
function roomFanout(redisUrl: string | undefined): Fanout | undefined {
  if (redisUrl) return createRedisFanout(redisUrl, log);
  if (cluster.isWorker) return createIpcFanout(process, log);
  return undefined;
}

/**
 * The websocket paths capabilities mount: `/collab/` (real-time documents). Shared by
 * server/index.ts and the `vite dev` plugin. Returns a function that stores and closes everything.
 */
export function mountWebsockets(router: UpgradeRouter, runtime: Runtime) {
  const { db, dialect, config } = runtime;
  const fanout = roomFanout(config.redisUrl);
  const access = createCollabAccess(db, config.origin);
  const upgrades = createSchemaUpgrades(db, () => runtime.collab);
  const seeds = createEvaluationSeeds(() => runtime.collab);
  const collab = createCollabServer({
    store: createRoomStore(db),
    // A room is upgraded to the current document schema before a client joins it (schema-upgrade.ts),
    // and a body room has its evaluation's texts.
    authorize: async (request, room) => {
      const decision = await access.authorize(request, room);
      if (decision.ok) await upgrades.ensure(room);
      if (decision.ok) await seeds(room);
      return decision;
    },
    recheck: access.recheck,
    accessEpoch: access.accessEpoch,
    limits: readCollabLimits(),
    extensions: [
      validation({ validate: validateUpdate, audit: (entry) => audit(db, entry), log }),
      projectionExtension({
        roots: PROJECTED_ROOTS,
        // The derived projection, then what a live edit does beyond it (versions, reopening an
        // approved page): not derived, so never replayed by `athar collab rebuild`.
        async project(room, doc, unstoredAuthors, changed) {
          const textChanged = await projectRoom(db, dialect, room, doc, log, changed);
          if (textChanged) await recordPageActivity(db, room, doc, unstoredAuthors);
        },
        log
      }),
      tombstoneAudit({ audit: (entry) => audit(db, entry), log }),
      // `collab` is read only once a room exists, long after it is assigned.
      adjudicationExtension({ db, read: (room): Promise<Doc> => collab.read(room), log }),
      ...(fanout ? [fanoutExtension(fanout)] : [])
    ],
    log
  });
  router.register('/collab/', collab.handleUpgrade);
  runtime.collab = collab;
  return { collab, close: () => collab.close() };
}
