/**
 * A server process cuts one upload's tiles at a time (evidence/upload-http.ts): an upload whose
 * checks are done while another is being cut reports `waiting` until its turn, then is cut and
 * answered like any other. One server process (WORKERS=1), so both uploads reach the same one; one
 * engine, because the turns are the process's, not the database's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { collectionIdOf } from '../helpers/db.ts';
import { get } from '../helpers/http.ts';
import { colourOf, flatJpeg } from '../helpers/images.ts';
import { openUpload } from '../helpers/uploads.ts';
import { addMember, addPerson, type Person } from '../helpers/world.ts';

describe('turns to cut uploads (sqlite, one process)', () => {
  let athar: Instance;
  let collectionId: string;
  let coordinator: Person;

  beforeAll(async () => {
    athar = await startInstance('sqlite', { WORKERS: '1' });
    expect((await athar.cli(['collection', 'create', 'Turns'])).code).toBe(0);
    collectionId = await collectionIdOf(athar, 'Turns');
    coordinator = await addPerson(athar, 'coordinator@example.org', 'coordinator');
    await addMember(athar, 'Turns', 'coordinator@example.org');
  }, 300_000);
  afterAll(() => athar?.destroy());

  /** The upload's phase, or `answered` once its progress is gone. */
  async function phaseOf(id: string): Promise<string> {
    const res = await get(athar, `/api/collections/${collectionId}/uploads/${id}`, coordinator.token);
    if (res.status === 404) return 'answered';
    return ((await res.json()) as { phase: string }).phase;
  }

  it('lets a second upload wait while the first is cut, then cuts it', async () => {
    // Flat images compress to little but are cut into about 1,000 tiles each: the first is still
    // being cut while the second is received and checked.
    const [firstBytes, secondBytes] = await Promise.all([
      flatJpeg(8_000, 6_000, colourOf(6)),
      flatJpeg(8_000, 6_000, colourOf(7))
    ]);
    const first = openUpload(athar, collectionId, coordinator.token, 'turns-first-0123456789', firstBytes);
    const second = openUpload(athar, collectionId, coordinator.token, 'turns-second-012345678', secondBytes);
    first.finish();
    await expect
      .poll(() => phaseOf('turns-first-0123456789'), { timeout: 60_000, interval: 5 })
      .toBe('tiling');
    second.finish();
    await expect
      .poll(() => phaseOf('turns-second-012345678'), { timeout: 60_000, interval: 5 })
      .toBe('waiting');
    const answers = await Promise.all([first.answered, second.answered]);
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
  }, 240_000);
});
