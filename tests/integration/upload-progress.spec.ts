/**
 * The progress of a browser upload, `GET /api/collections/:id/uploads/:uploadId`: readable by the
 * uploader and those who may see the collection, by no one else; it reports the tiling of a large
 * image with a fraction that only rises, and is gone once the upload is answered. Run with two
 * server processes (WORKERS=2): the poll may be answered by the process that is not tiling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { collectionIdOf } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { expectApiError, get } from '../helpers/http.ts';
import { colourOf, flatJpeg } from '../helpers/images.ts';
import { openUpload as openUploadAs } from '../helpers/uploads.ts';
import { addMember, addPerson, type Person } from '../helpers/world.ts';

type Progress = { phase: string; progress: number };

// A flat image compresses to little but is cut into ~500 tiles: long enough to watch the tiling.
// Made once: each dialect has its own database, so the same bytes are new to each.
let large: Promise<Buffer> | undefined;
const largeJpeg = () => (large ??= flatJpeg(6_000, 5_000, colourOf(5)));

for (const dialect of DIALECTS) {
  describe(`upload progress (${dialect})`, () => {
    let athar: Instance;
    let collectionId: string;
    let coordinator: Person;
    let reviewer: Person;
    let stranger: Person;
    let small: Buffer;

    const openUpload = (id: string, body: Buffer) =>
      openUploadAs(athar, collectionId, coordinator.token, id, body);

    const progressOf = (id: string, token?: string) =>
      get(athar, `/api/collections/${collectionId}/uploads/${id}`, token);

    beforeAll(async () => {
      athar = await startInstance(dialect, { WORKERS: '2' });
      expect((await athar.run(['collection', 'create', 'Large'])).code).toBe(0);
      expect((await athar.run(['collection', 'create', 'Other'])).code).toBe(0);
      collectionId = await collectionIdOf(athar, 'Large');
      coordinator = await addPerson(athar, 'coordinator@example.org', 'coordinator');
      reviewer = await addPerson(athar, 'reviewer@example.org', 'reviewer');
      stranger = await addPerson(athar, 'stranger@example.org', 'coordinator');
      await addMember(athar, 'Large', 'coordinator@example.org');
      await addMember(athar, 'Large', 'reviewer@example.org');
      await addMember(athar, 'Other', 'stranger@example.org');
      small = await flatJpeg(600, 400, colourOf(4));
    }, 300_000);
    afterAll(() => athar?.destroy());

    it('lets the uploader and the collection read it, no one else, and refuses a reused id', async () => {
      const id = 'access-check-0123456789';
      const upload = openUpload(id, small);
      await expect
        .poll(async () => (await progressOf(id, coordinator.token)).status, { timeout: 20_000 })
        .toBe(200);
      expect(await (await progressOf(id, coordinator.token)).json()).toEqual({
        phase: 'receiving',
        progress: 0
      });
      expect((await progressOf(id, reviewer.token)).status).toBe(200);
      await expectApiError(await progressOf(id, stranger.token), 403, 'forbidden');
      await expectApiError(await progressOf(id), 401, 'unauthorized');

      const reused = await fetch(`${athar.url}/api/collections/${collectionId}/uploads`, {
        method: 'POST',
        body: 'x',
        headers: { authorization: `Bearer ${stranger.token}`, 'x-file-name': 'a.jpg', 'x-upload-id': id }
      });
      // The stranger is refused before the id is looked at; the coordinator's second use is a conflict.
      await expectApiError(reused, 403, 'forbidden');
      const twice = await fetch(`${athar.url}/api/collections/${collectionId}/uploads`, {
        method: 'POST',
        body: 'x',
        headers: { authorization: `Bearer ${coordinator.token}`, 'x-file-name': 'a.jpg', 'x-upload-id': id }
      });
      await expectApiError(twice, 409, 'conflict');
      const malformed = await fetch(`${athar.url}/api/collections/${collectionId}/uploads`, {
        method: 'POST',
        body: 'x',
        headers: {
          authorization: `Bearer ${coordinator.token}`,
          'x-file-name': 'a.jpg',
          'x-upload-id': 'short'
        }
      });
      await expectApiError(malformed, 400, 'bad_request');

      upload.finish();
      expect((await upload.answered).status).toBe(201);
      await expectApiError(await progressOf(id, coordinator.token), 404, 'not_found');
    });

    it('reports the tiling of a large image, rising, and is gone once answered', async () => {
      const id = 'tiling-check-0123456789';
      const upload = openUpload(id, await largeJpeg());
      upload.finish();
      const seen: Progress[] = [];
      let answered = false;
      void upload.answered.then(() => (answered = true));
      // Poll as fast as the server answers, until the upload itself is answered.
      while (!answered) {
        const res = await progressOf(id, coordinator.token);
        if (res.status === 200) seen.push((await res.json()) as Progress);
        else await res.body?.cancel();
      }
      expect((await upload.answered).status).toBe(201);
      const tiling = seen.filter((p) => p.phase === 'tiling').map((p) => p.progress);
      expect(new Set(tiling).size).toBeGreaterThanOrEqual(2);
      expect(tiling).toEqual([...tiling].sort((a, b) => a - b));
      expect(tiling.every((p) => p >= 0 && p < 1)).toBe(true);
      const phases = [...new Set(seen.map((p) => p.phase))];
      expect(phases.at(-1)).toBe('tiling');
      await expectApiError(await progressOf(id, coordinator.token), 404, 'not_found');
    }, 240_000);
  });
}
