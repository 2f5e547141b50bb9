import type * as Y from 'yjs';
import type { Command } from '../command.ts';
import { projectRoom } from '../../src/lib/server/collab/projection.ts';
import { replayLog, roomsInLog } from '../../src/lib/server/collab/store.ts';

export const commands: Record<string, Command> = {
  'collab rebuild': {
    usage: 'collab rebuild',
    /**
     * Rebuilds every projection from the update log alone. A room that fails is reported and the
     * next one rebuilt; the exit code is 1 when any failed.
     */
    async run({ db, dialect }) {
      const rooms = await roomsInLog(db);
      const failed: string[] = [];
      for (const room of rooms) {
        let doc: Y.Doc | undefined;
        try {
          doc = await replayLog(db, room);
          await projectRoom(db, dialect, room, doc, (m) => console.error(m));
        } catch (err) {
          failed.push(room);
          console.error(`${room}: rebuild failed: ${(err as Error).message}`);
        } finally {
          doc?.destroy();
        }
      }
      console.log(`rebuilt the projections of ${rooms.length - failed.length} room(s) from the log`);
      if (failed.length > 0) console.error(`${failed.length} room(s) failed: ${failed.join(', ')}`);
      return failed.length > 0 ? 1 : 0;
    }
  }
};
