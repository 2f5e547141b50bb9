/**
 * Browser uploads, `POST /api/collections/:id/uploads`: the same pipeline and evidence guarantees
 * as the CLI, for coordinators of the collection only, safe against cross-site requests, and
 * leaving nothing behind when refused.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { collectionIdOf, countOf, query } from '../helpers/db.ts';
import { createClient, getJson, PASSWORD } from '../helpers/http.ts';
import { colourOf, flatJpeg } from '../helpers/images.ts';
import { addMember, addPerson, filesUnder, originalFile } from '../helpers/world.ts';

type User = { id: string; token: string };

for (const dialect of DIALECTS) {
  describe(`browser uploads (${dialect})`, () => {
    let athar: Instance;
    let collectionId: string;
    let coordinator: User;
    let strangerCoordinator: User;
    let reviewer: User;
    let photo: Buffer;

    const upload = (body: Buffer | string, headers: Record<string, string>, query = '') =>
      fetch(`${athar.url}/api/collections/${collectionId}/uploads${query}`, {
        method: 'POST',
        body: typeof body === 'string' ? body : new Uint8Array(body),
        headers
      });

    /** Everything an upload could leave behind. */
    const stored = async () => ({
      originals: filesUnder(athar, 'originals'),
      tiles: filesUnder(athar, 'tiles'),
      tmp: filesUnder(athar, 'tmp'),
      items: await countOf(athar, 'select count(*) as n from items')
    });

    beforeAll(async () => {
      athar = await startInstance(dialect);
      expect((await athar.run(['collection', 'create', 'Uploads'])).code).toBe(0);
      expect((await athar.run(['collection', 'create', 'Elsewhere'])).code).toBe(0);
      collectionId = await collectionIdOf(athar, 'Uploads');
      coordinator = await addPerson(athar, 'coordinator@example.org', 'coordinator');
      strangerCoordinator = await addPerson(athar, 'stranger@example.org', 'coordinator');
      reviewer = await addPerson(athar, 'reviewer@example.org', 'reviewer');
      await addMember(athar, 'Uploads', 'coordinator@example.org');
      await addMember(athar, 'Uploads', 'reviewer@example.org');
      await addMember(athar, 'Elsewhere', 'stranger@example.org');
      photo = await flatJpeg(600, 400, colourOf(7));
    });
    afterAll(() => athar?.destroy());

    it('ingests an upload from a coordinator (201), then knows it as a duplicate (200)', async () => {
      const name = 'Scan 01 — صورة.jpg';
      const modified = Date.UTC(2013, 7, 21, 6, 30);
      const headers = {
        authorization: `Bearer ${coordinator.token}`,
        'x-file-name': encodeURIComponent(name),
        'x-file-modified': String(modified)
      };
      const first = await upload(photo, headers);
      expect(first.status).toBe(201);
      const sha256 = createHash('sha256').update(photo).digest('hex');
      const result = (await first.json()) as { status: string; itemId: string; sha256: string; path: string };
      expect(result).toMatchObject({ status: 'ingested', sha256, path: name, itemId: expect.any(String) });

      expect(fs.readFileSync(originalFile(athar, sha256)).equals(photo)).toBe(true);
      expect(fs.statSync(originalFile(athar, sha256)).mode & 0o777).toBe(0o444);
      const item = await getJson<Record<string, unknown>>(
        athar,
        `/api/items/${result.itemId}`,
        reviewer.token
      );
      expect(item).toMatchObject({
        originalName: name,
        originalPath: `upload:${name}`,
        originalModifiedAt: new Date(modified).toISOString(),
        ingestedBy: coordinator.id,
        bytes: photo.length,
        width: 600,
        height: 400
      });
      const [auditRow] = await query<{ actor_id: string }>(
        athar,
        "select actor_id from audit_log where action = 'evidence.ingest' and target = ?",
        [result.itemId]
      );
      expect(auditRow?.actor_id).toBe(coordinator.id);

      const before = await stored();
      expect(before.tmp).toEqual([]);
      const again = await upload(photo, headers);
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ status: 'duplicate', itemId: result.itemId, sha256 });
      expect(await stored()).toEqual(before);
    });

    it('rejects a file that is not an image (422) with a reason, storing nothing', async () => {
      const before = await stored();
      const res = await upload('Not a photograph, only text.\n', {
        authorization: `Bearer ${coordinator.token}`,
        'x-file-name': 'note.jpg'
      });
      expect(res.status).toBe(422);
      const body = (await res.json()) as {
        error: { code: string; message: string };
        result: Record<string, unknown>;
      };
      expect(body.error).toEqual({ code: 'rejected', message: 'not an image in a supported format' });
      // The English reason for scripts, its code and parameters for an interface to word.
      expect(body.result).toMatchObject({
        status: 'rejected',
        reason: 'not an image in a supported format',
        reasonCode: 'not_an_image',
        reasonParams: {}
      });
      expect(await stored()).toEqual(before);
    });

    it('refuses reviewers and coordinators of other collections (403), storing nothing', async () => {
      const before = await stored();
      const fresh = await flatJpeg(600, 400, colourOf(8));
      for (const user of [reviewer, strangerCoordinator]) {
        const res = await upload(fresh, {
          authorization: `Bearer ${user.token}`,
          'x-file-name': 'fresh.jpg'
        });
        expect(res.status).toBe(403);
      }
      expect(
        (await upload(fresh, { authorization: 'Bearer athar_' + 'a'.repeat(32), 'x-file-name': 'x.jpg' }))
          .status
      ).toBe(401);
      expect((await upload(fresh, { 'x-file-name': 'x.jpg' })).status).toBe(401);
      expect(await stored()).toEqual(before);
    });

    it('refuses a cookie-authenticated upload from a foreign Origin (403), accepts our own', async () => {
      const browser = createClient(athar.url);
      const signIn = await browser.request('/api/session', {
        json: { email: 'coordinator@example.org', password: PASSWORD }
      });
      expect(signIn.status).toBe(200);
      const fresh = await flatJpeg(600, 400, colourOf(9));
      const before = await stored();
      const path = `/api/collections/${collectionId}/uploads`;
      for (const origin of ['http://evil.example', 'null']) {
        const res = await browser.request(path, {
          method: 'POST',
          body: new Uint8Array(fresh),
          headers: { origin, 'x-file-name': 'fresh.jpg' }
        });
        expect(res.status, origin).toBe(403);
      }
      expect(await stored()).toEqual(before);
      const own = await browser.request(path, {
        method: 'POST',
        body: new Uint8Array(fresh),
        headers: { 'x-file-name': 'fresh.jpg' }
      });
      expect(own.status).toBe(201);
    });

    it('removes the partial file of an upload cut off mid-body', async () => {
      const before = await stored();
      const fresh = await flatJpeg(600, 400, colourOf(11));
      const req = http.request(`${athar.url}/api/collections/${collectionId}/uploads`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${coordinator.token}`,
          'x-file-name': 'cut.jpg',
          'content-length': String(fresh.length)
        }
      });
      req.on('error', () => {}); // the socket is destroyed on purpose
      req.write(fresh.subarray(0, 1000));
      await expect
        .poll(() => filesUnder(athar, 'tmp').length, { message: 'the upload to reach tmp/', timeout: 15_000 })
        .toBeGreaterThan(0);
      req.destroy();
      await expect
        .poll(() => filesUnder(athar, 'tmp').length, {
          message: 'the partial upload to be removed',
          timeout: 15_000
        })
        .toBe(0);
      expect(await stored()).toEqual(before);
    });

    it('asks for a file name (400)', async () => {
      const before = await stored();
      const fresh = await flatJpeg(600, 400, colourOf(10));
      const auth = { authorization: `Bearer ${coordinator.token}` };
      for (const headers of [
        auth,
        { ...auth, 'x-file-name': '' },
        { ...auth, 'x-file-name': '..%2Fetc%2Fpasswd' }
      ]) {
        expect((await upload(fresh, headers)).status, JSON.stringify(headers)).toBe(400);
      }
      expect((await upload(fresh, { ...auth, 'x-file-name': 'ok.jpg' }, '?kind=video')).status).toBe(400);
      expect(await stored()).toEqual(before);
    });
  });
}
