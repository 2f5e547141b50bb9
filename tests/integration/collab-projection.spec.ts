/**
 * Poison in a room's log breaks nothing else (issue 12, point 5): an annotation with a time no
 * column takes and a NUL character (which PostgreSQL refuses) is still projected, its bad values
 * made storable; a room whose log cannot be replayed is reported by `athar collab rebuild`, which
 * goes on with the other rooms.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { annotationsOf } from '../../src/lib/model/document-schema.ts';
import { annotate, createWorld, type World } from '../helpers/collab-world.ts';
import { query } from '../helpers/db.ts';

/** Appends an update to a room's log directly, as a log written before validation may hold it. */
async function logged(athar: Instance, room: string, userId: string, data: Uint8Array) {
  await query(athar, 'insert into collab_updates (room, user_id, at, data, digest) values (?, ?, ?, ?, ?)', [
    room,
    userId,
    Date.now(),
    Buffer.from(data),
    createHash('sha256').update(data).digest('hex')
  ]);
}

for (const dialect of DIALECTS) {
  describe(`collab projection of poisoned logs (${dialect})`, () => {
    let athar: Instance;
    let world: World;

    beforeAll(async () => {
      athar = await startInstance(dialect);
      world = await createWorld(athar, 3);
    });
    afterAll(async () => {
      await athar?.destroy();
    });

    it('projects around poison, and `collab rebuild` reports a broken room and rebuilds the others', async () => {
      const [poisoned, broken, plain] = world.rooms as [string, string, string];
      const doc = new Y.Doc();
      annotate(doc, 'good', world.alice.id, { lesionType: 'scar' });
      const poison = annotate(doc, 'poison', world.alice.id, { lesionType: 'scar\u0000', notes: 'a\u0000b' });
      annotationsOf(doc).get(poison.id)?.set('createdAt', 1e20);
      await logged(athar, poisoned, world.alice.id, Y.encodeStateAsUpdate(doc));
      await logged(athar, broken, world.alice.id, Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3]));
      const other = new Y.Doc();
      annotate(other, 'plain', world.alice.id);
      await logged(athar, plain, world.alice.id, Y.encodeStateAsUpdate(other));

      const rebuilt = await athar.cli(['collab', 'rebuild']);
      expect(rebuilt.code).toBe(1);
      expect(rebuilt.stderr).toContain(`${broken}: rebuild failed`);
      expect(rebuilt.stdout).toContain('rebuilt the projections of 2 room(s) from the log');

      const rows = await query<{ id: string; lesion_type: string; created_at: unknown; finding: string }>(
        athar,
        'select id, lesion_type, created_at, finding from annotations where room = ? order by id',
        [poisoned]
      );
      expect(rows.map((r) => r.id)).toEqual(['good', 'poison']);
      const bad = rows.find((r) => r.id === 'poison');
      expect(bad?.created_at).toBeNull();
      // Values the finding rules refuse (a NUL, a lesion type outside the vocabulary) are left out.
      expect(bad?.lesion_type).toBeNull();
      expect(JSON.parse(bad?.finding ?? '{}')).toEqual({});
      const others = await query<{ id: string }>(athar, 'select id from annotations where room = ?', [plain]);
      expect(others.map((r) => r.id)).toEqual(['plain']);
    });
  });
}
