/**
 * What bounds the uploads a server takes (evidence/upload-http.ts), on one engine (both bounds are
 * a server process's, not the database's):
 * - a process cuts one upload's tiles at a time: an upload whose checks are done while another is
 *   being cut reports `waiting` until its turn, then is cut and answered like any other (one server
 *   process, WORKERS=1, so both uploads reach the same one);
 * - a user has at most UPLOADS_PER_USER_AT_ONCE uploads running in a process: one more is refused
 *   (429) before a byte is kept, and the place is free again once one of them is answered;
 * - an upload that would leave less than UPLOAD_FREE_SPACE_MIN_MB free on the data directory's disk
 *   is refused before a byte is kept (503), with nothing stored and its progress gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { collectionIdOf } from '../helpers/db.ts';
import { countOf } from '../helpers/db.ts';
import { expectApiError, get } from '../helpers/http.ts';
import { colourOf, flatJpeg } from '../helpers/images.ts';
import { openUpload } from '../helpers/uploads.ts';
import { UPLOADS_PER_USER_AT_ONCE } from '../../src/lib/server/evidence/upload-http.ts';
import { addMember, addPerson, filesUnder, type Person } from '../helpers/world.ts';

/** An instance started with `env`, a collection and a coordinator of it. */
async function uploadWorld(env: NodeJS.ProcessEnv) {
  const athar = await startInstance('sqlite', env);
  expect((await athar.cli(['collection', 'create', 'Uploads'])).code).toBe(0);
  const coordinator = await addPerson(athar, 'coordinator@example.org', 'coordinator');
  await addMember(athar, 'Uploads', 'coordinator@example.org');
  return { athar, coordinator, collectionId: await collectionIdOf(athar, 'Uploads') };
}

describe('turns to cut uploads (sqlite, one process)', () => {
  let athar: Instance;
  let collectionId: string;
  let coordinator: Person;

  beforeAll(async () => {
    ({ athar, collectionId, coordinator } = await uploadWorld({ WORKERS: '1' }));
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

  it('refuses a user one upload more than they may have running, until one is answered', async () => {
    const running = await Promise.all(
      Array.from({ length: UPLOADS_PER_USER_AT_ONCE }, async (_, i) => {
        const id = `per-user-${i}-0123456789`;
        const upload = openUpload(
          athar,
          collectionId,
          coordinator.token,
          id,
          await flatJpeg(600, 400, colourOf(20 + i))
        );
        await expect.poll(() => phaseOf(id), { timeout: 30_000, interval: 5 }).toBe('receiving');
        return upload;
      })
    );
    const extraBytes = await flatJpeg(600, 400, colourOf(30));
    const refused = openUpload(athar, collectionId, coordinator.token, 'per-user-extra-0123456', extraBytes);
    refused.finish();
    const refusal = await refused.answered;
    expect(refusal.status).toBe(429);
    expect(refusal.body).toMatchObject({ error: { code: 'too_many_requests' } });
    expect(await phaseOf('per-user-extra-0123456')).toBe('answered');
    expect(filesUnder(athar, 'tmp')).toHaveLength(UPLOADS_PER_USER_AT_ONCE); // the running ones' only

    const [first, ...others] = running as [ReturnType<typeof openUpload>, ...ReturnType<typeof openUpload>[]];
    first.finish();
    expect((await first.answered).status).toBe(201);
    const again = openUpload(athar, collectionId, coordinator.token, 'per-user-again-0123456', extraBytes);
    again.finish();
    expect((await again.answered).status).toBe(201);
    for (const upload of others) upload.finish();
    expect((await Promise.all(others.map((u) => u.answered))).map((a) => a.status)).toEqual(
      others.map(() => 201)
    );
  }, 240_000);
});

describe('room on the disk for uploads (sqlite)', () => {
  let athar: Instance;
  let collectionId: string;
  let coordinator: Person;

  beforeAll(async () => {
    // A floor no disk here has free (1 PiB): every upload is refused.
    ({ athar, collectionId, coordinator } = await uploadWorld({ UPLOAD_FREE_SPACE_MIN_MB: String(2 ** 30) }));
  }, 300_000);
  afterAll(() => athar?.destroy());

  it('refuses an upload that would leave too little free (503), keeping nothing', async () => {
    const upload = openUpload(
      athar,
      collectionId,
      coordinator.token,
      'space-check-0123456789',
      await flatJpeg(600, 400, colourOf(8))
    );
    upload.finish();
    const answer = await upload.answered;
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({
      error: { code: 'unavailable', message: expect.stringMatching(/free space/) }
    });
    expect(filesUnder(athar, 'tmp')).toEqual([]);
    expect(filesUnder(athar, 'originals')).toEqual([]);
    expect(await countOf(athar, 'select count(*) as n from items')).toBe(0);
    await expectApiError(
      await get(athar, `/api/collections/${collectionId}/uploads/space-check-0123456789`, coordinator.token),
      404,
      'not_found'
    );
  });
});
