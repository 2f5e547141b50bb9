/**
 * Upgrading a room's document to the current schema version (2: prose finding fields as Y.Text),
 * once, in its log: the change is one ordinary server edit stored under SCHEMA_UPGRADE_AUTHOR, and
 * the room gets one audit row (`collab.schema_upgrade`). History is never rewritten: the version 1
 * updates stay in the log, and replaying it shows the upgrade as the moment the shape changed.
 *
 * Invariants:
 * - Idempotent: a room whose document holds no version 1 field is not touched (no update, no row).
 * - Two instances upgrading the same room at once write the same bytes: the update is built by a
 *   client id derived from the room and the state it upgrades, so both produce one identical update
 *   that the log stores once (its digest is unique per room). The audit row is claimed in
 *   `schema_upgrades` (primary key room + version): only the instance whose claim lands writes it.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { audit } from '../audit/log.ts';
import type { Db } from '../db/connect.ts';
import type { CollabService } from '../runtime.ts';
import { needsProseUpgrade, SCHEMA_VERSION, upgradeProse } from '../../model/document-schema.ts';

/** The author the log names for the upgrade: no person made it. */
export const SCHEMA_UPGRADE_AUTHOR = 'system';

/**
 * The upgrade of `doc` as one update, or null when it needs none. Made in a copy whose client id
 * comes from the room and the state vector, so that the same state always gives the same bytes.
 */
export function schemaUpgradeUpdate(room: string, doc: Y.Doc): { update: Uint8Array; fields: number } | null {
  if (!needsProseUpgrade(doc)) return null;
  const before = Y.encodeStateVector(doc);
  const digest = createHash('sha256').update(room).update('\0').update(before).digest();
  const copy = new Y.Doc({ gc: true });
  copy.clientID = digest.readUInt32BE(0);
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const fields = upgradeProse(copy);
  const update = Y.encodeStateAsUpdate(copy, before);
  copy.destroy();
  return { update, fields };
}

/**
 * Upgrades rooms as clients open them (`ensure` runs before a socket joins its room). Rooms seen
 * upgraded in this process are remembered, so a room is examined once per process; a version 1
 * write from an old tab after that is read alike and upgraded at the next process start.
 */
export function createSchemaUpgrades(db: Db, collab: () => CollabService | undefined) {
  const checked = new Set<string>();
  return {
    async ensure(room: string): Promise<void> {
      const service = collab();
      if (!service || checked.has(room)) return;
      let fields = 0;
      await service.edit(room, SCHEMA_UPGRADE_AUTHOR, (doc) => {
        const upgrade = schemaUpgradeUpdate(room, doc);
        if (!upgrade) return;
        fields = upgrade.fields;
        Y.applyUpdate(doc, upgrade.update);
      });
      checked.add(room);
      if (fields === 0) return;
      // After the edit is stored: the claim decides which instance writes the one audit row.
      const claimed = await db
        .insertInto('schema_upgrades')
        .values({ room, version: SCHEMA_VERSION, at: Date.now() })
        .onConflict((oc) => oc.columns(['room', 'version']).doNothing())
        .returning('room')
        .executeTakeFirst();
      if (!claimed) return;
      await audit(db, {
        actorId: null,
        action: 'collab.schema_upgrade',
        target: room,
        details: { version: SCHEMA_VERSION, fields }
      });
    }
  };
}
