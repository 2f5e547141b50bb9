/**
 * Issue 13, point 2: whoever changed a page since it was sent to review cannot approve it. A sends
 * the page to review, B approves, B edits (the page goes back to review by itself), and B may not
 * approve their own edit; C may. The history names who approved which version.
 */
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { join, type Peer } from '../helpers/collab.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { call, expectApiError, getJson } from '../helpers/http.ts';
import { removeDir, tempDir, textPage, writeFiles } from '../helpers/images.ts';
import { writePage } from '../helpers/transcription.ts';
import { addMember, addPerson, ingest, resultFor, type Person } from '../helpers/world.ts';
import { TRANSCRIPTION } from '../../src/lib/model/document-schema.ts';
import { itemRoom } from '../../src/lib/model/rooms.ts';

type Version = { reason: string; status: string | null; changedBy: string | null };
type PageState = { status: string; text: string; versions: Version[] };

for (const dialect of DIALECTS) {
  describe(`approval of one's own change (${dialect})`, () => {
    let athar: Instance;
    let a: Person, b: Person, c: Person;
    let item: string;
    const peers: Peer[] = [];

    const stateOf = (itemId: string) =>
      getJson<PageState>(athar, `/api/items/${itemId}/transcription`, a.token);
    const setStatus = (who: Person, status: string) =>
      call(athar, who.token, `/api/items/${item}/status`, { status });
    const edit = async (who: Person, write: (doc: Y.Doc) => void, expected: string) => {
      const peer = await join(athar, itemRoom(item), { token: who.token });
      peers.push(peer);
      write(peer.doc);
      await expect
        .poll(async () => (await stateOf(item)).text, { message: 'the edit projected', timeout: 15_000 })
        .toBe(expected);
      return peer;
    };

    beforeAll(async () => {
      athar = await startInstance(dialect);
      [a, b, c] = (await Promise.all(
        ['a', 'b', 'c'].map((n) => addPerson(athar, `${n}@example.org`, 'reviewer'))
      )) as [Person, Person, Person];
      const dir = tempDir();
      try {
        writeFiles(path.join(dir, 'archive'), { 'page.png': await textPage(['Transfer order 215']) });
        const run = await ingest(athar, [path.join(dir, 'archive')], 'Archive', ['--kind', 'document']);
        expect(run.code, run.stderr).toBe(0);
        item = resultFor(run.results, 'page.png').itemId!;
      } finally {
        removeDir(dir);
      }
      for (const who of [a, b, c]) await addMember(athar, 'Archive', who.email);
    });
    afterAll(async () => {
      for (const peer of peers) peer.close();
      await athar?.destroy();
    });

    it('refuses the approval of whoever edited the page since it went to review', async () => {
      await edit(a, (doc) => writePage(doc, [{ runs: ['Transfer order'] }]), 'Transfer order');
      expect((await setStatus(a, 'needs_review')).status).toBe(200);
      expect((await setStatus(b, 'approved')).status).toBe(200);

      // B edits the approved page: it goes back to review, and B may not approve their own edit.
      await edit(
        b,
        (doc) =>
          ((doc.getXmlFragment(TRANSCRIPTION).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(14, ' 215'),
        'Transfer order 215'
      );
      await expect.poll(async () => (await stateOf(item)).status, { timeout: 15_000 }).toBe('needs_review');
      expect(await expectApiError(await setStatus(b, 'approved'), 403, 'forbidden')).toMatch(/second person/);
      expect((await stateOf(item)).status).toBe('needs_review');

      expect((await setStatus(c, 'approved')).status).toBe(200);
      const approvals = (await stateOf(item)).versions
        .filter((v) => v.reason === 'status')
        .map((v) => [v.status, v.changedBy]);
      // Newest first: C's approval, the reopening by the edit, B's approval, A's sending to review.
      expect(approvals).toEqual([
        ['approved', c.id],
        ['needs_review', null],
        ['approved', b.id],
        ['needs_review', a.id]
      ]);
    });
  });
}
