import * as Y from 'yjs';
import type { Command } from '../cli.ts';
import { projectRoom } from '../../src/lib/server/collab/projection.ts';
import { roomsInLog } from '../../src/lib/server/collab/store.ts';

export const commands: Record<string, Command> = {
  'collab rebuild': {
    usage: 'collab rebuild',
    /** Rebuilds every projection from the update log alone (snapshots are not trusted here). */
    async run({ db, dialect }) {
      const rooms = await roomsInLog(db);
      for (const room of rooms) {
        const doc = new Y.Doc();
        let lastId = 0;
        for (;;) {
          const rows = await db
            .selectFrom('collab_updates')
            .select(['id', 'data'])
            .where('room', '=', room)
            .where('id', '>', lastId)
            .orderBy('id')
            .limit(5000)
            .execute();
          if (rows.length === 0) break;
          doc.transact(() => {
            for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data));
          });
          lastId = Number(rows.at(-1)?.id);
        }
        await projectRoom(db, dialect, room, doc);
        doc.destroy();
      }
      console.log(`rebuilt the projections of ${rooms.length} room(s) from the log`);
      return 0;
    }
  }
};
