/**
 * The body room (`body/<id>`) and the overall evaluation: experts write it together over the socket
 * or by `PUT /api/bodies/:id/evaluation` (through the same document); everyone else is refused —
 * on the socket (a read-only room: their writes reach no one) and on the API (403) —, someone
 * outside the body's collection cannot open the room (404), an expert's hostile values close their
 * socket (4403) and are never stored, and a body is marked
 * "evaluated" only once its evaluation is complete (409 before).
 */
import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import { authHeaders, docWhere, serverClose, upgradeStatus } from '../helpers/collab.ts';
import { query } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { api, bearer } from '../helpers/http.ts';
import { createReviewWorld } from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';

type Evaluation = {
  opinion: string | null;
  starvation: string | null;
  causeOfDeath: string;
  causeConsistent: string | null;
  summary: string;
  updatedBy: string | null;
  complete: boolean;
};
type Body = { id: string; status: string; evaluation: Evaluation | null };

const COMPLETE = {
  opinion: 'highly_consistent',
  starvation: 'present',
  causeOfDeath: 'Asphyxia, as documented in the report',
  causeConsistent: 'yes',
  summary: 'Ligature marks on both wrists, consistent with suspension.'
};
const evaluation = (doc: Y.Doc) => doc.getMap('evaluation');

for (const dialect of DIALECTS) {
  describe(`body room and evaluation (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => createReviewWorld(athar, { items: 14, reviewers: 1 }));
    let bodies = 0;
    /** A new body of two photos of the collection. */
    async function newBody(): Promise<string> {
      const { world, athar } = suite;
      const itemIds = world.items.slice(bodies * 2, bodies * 2 + 2);
      bodies++;
      const made = await api<{ id: string }>(athar, world.coordinator.token, 'POST', '/api/bodies', {
        collectionId: world.collectionId,
        itemIds
      });
      expect(made.status).toBe(201);
      return made.body.id;
    }
    const getBody = (id: string) =>
      api<Body>(suite.athar, suite.world.expert.token, 'GET', `/api/bodies/${id}`);
    const put = (token: string, id: string, json: unknown) =>
      api<Evaluation>(suite.athar, token, 'PUT', `/api/bodies/${id}/evaluation`, json);

    it('lets two experts write the evaluation together, projected for GET /api/bodies/:id', async () => {
      const { world, athar } = suite;
      const id = await newBody();
      const room = `body/${id}`;
      const expert = await suite.join(room, world.expert);
      const admin = await suite.join(room, world.coordinator);
      // The texts are there before anyone types: two experts starting at once share one text.
      await docWhere(expert.doc, 'the seeded texts', (d) => evaluation(d).get('summary') instanceof Y.Text);
      expert.doc.transact(() => {
        evaluation(expert.doc).set('opinion', 'typical');
        evaluation(expert.doc).set('updatedBy', world.expert.id);
        evaluation(expert.doc).set('updatedAt', Date.now());
        (evaluation(expert.doc).get('summary') as Y.Text).insert(0, 'Written live. ');
      });
      await docWhere(admin.doc, 'the expert’s summary', (d) =>
        String(evaluation(d).get('summary')).includes('Written live.')
      );
      await vi.waitFor(
        async () => {
          const got = await getBody(id);
          expect(got.body.evaluation).toMatchObject({
            opinion: 'typical',
            summary: 'Written live. ',
            updatedBy: world.expert.id,
            complete: false
          });
        },
        { timeout: 20_000, interval: 200 }
      );
      expect(athar.output()).not.toContain(`${room}: update from`);
    });

    it('gives a reviewer who is no expert and an observer a read-only room: their writes go nowhere', async () => {
      const { world } = suite;
      const id = await newBody();
      const room = `body/${id}`;
      const expert = await suite.join(room, world.expert);
      await docWhere(expert.doc, 'the seeded texts', (d) => evaluation(d).get('summary') instanceof Y.Text);
      for (const who of [world.reviewers[0]!, world.observer]) {
        const peer = await suite.join(room, who);
        (evaluation(peer.doc).get('summary') as Y.Text).insert(0, `not ${who.id}'s `);
        evaluation(peer.doc).set('opinion', 'diagnostic');
      }
      (evaluation(expert.doc).get('summary') as Y.Text).insert(0, 'the expert’s words');
      // Whoever joins after everything was sent gets the expert's words and nothing of the others.
      const later = await suite.join(room, world.coordinator);
      await docWhere(later.doc, 'the expert’s words', (d) =>
        String(evaluation(d).get('summary')).includes('the expert’s words')
      );
      expect(String(evaluation(later.doc).get('summary'))).toBe('the expert’s words');
      expect(evaluation(later.doc).get('opinion')).toBeUndefined();
    });

    it('refuses poison values and unknown keys from an expert, closing only that socket', async () => {
      const { world, athar } = suite;
      const id = await newBody();
      const room = `body/${id}`;
      const writes: Array<[string, (doc: Y.Doc) => void]> = [
        ['bad-value', (d) => evaluation(d).set('opinion', 'certain')],
        ['schema', (d) => evaluation(d).set('verdict', 'guilty')],
        ['forged-author', (d) => evaluation(d).set('updatedBy', world.coordinator.id)],
        ['schema', (d) => d.getMap('annotations').set('x', new Y.Map())]
      ];
      const witness = await suite.join(room, world.coordinator);
      for (const [code, write] of writes) {
        const peer = await suite.join(room, world.expert);
        write(peer.doc);
        expect((await serverClose(peer)).code).toBe(4403);
        expect(athar.output()).toContain(`${room}: update from ${world.expert.id} refused (${code})`);
      }
      expect(evaluation(witness.doc).get('opinion')).toBeUndefined();
      expect(witness.provider.wsconnected).toBe(true);
    });

    it('opens the room only to the body’s collection (404 outside it and for a bad id)', async () => {
      const { world, athar } = suite;
      const id = await newBody();
      expect(
        await upgradeStatus(athar, `/collab/body/${id}`, authHeaders({ token: world.outsider.token }))
      ).toBe(404);
      expect(
        await upgradeStatus(
          athar,
          `/collab/body/${'a'.repeat(24)}`,
          authHeaders({ token: world.expert.token })
        )
      ).toBe(404);
      expect(
        await upgradeStatus(athar, `/collab/body/${id}`, authHeaders({ token: world.observer.token }))
      ).toBe(101);
    });

    it('PUT writes through the room for experts only: others 403, outsiders 404, bad input 400', async () => {
      const { world } = suite;
      const id = await newBody();
      const watcher = await suite.join(`body/${id}`, world.observer);
      expect((await put(world.reviewers[0]!.token, id, COMPLETE)).status).toBe(403);
      expect((await put(world.observer.token, id, COMPLETE)).status).toBe(403);
      expect((await put(world.coordinator.token, id, COMPLETE)).status).toBe(403);
      expect((await put(world.outsider.token, id, COMPLETE)).status).toBe(404);
      for (const bad of [
        { ...COMPLETE, opinion: 'certain' },
        { ...COMPLETE, extra: 1 },
        { ...COMPLETE, summary: 'a\u0000b' },
        { ...COMPLETE, causeOfDeath: 'x'.repeat(1001) },
        { opinion: 'typical' }
      ])
        expect((await put(world.expert.token, id, bad)).status).toBe(400);
      expect((await getBody(id)).body.evaluation).toBeNull();

      const done = await put(world.expert.token, id, COMPLETE);
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ ...COMPLETE, updatedBy: world.expert.id, complete: true });
      // Through the live document: whoever has the page open sees it at once.
      await docWhere(
        watcher.doc,
        'the PUT in the room',
        (d) => String(evaluation(d).get('summary')) === COMPLETE.summary
      );
      const audits = await query<{ action: string; actor_id: string }>(
        suite.athar,
        'select action, actor_id from audit_log where target = ? and action = ?',
        [id, 'body.evaluation']
      );
      expect(audits).toEqual([{ action: 'body.evaluation', actor_id: world.expert.id }]);
    });

    it('shows the findings of the body’s photos on its page, leaving deleted ones off the chart', async () => {
      const { world, athar } = suite;
      const id = await newBody();
      const itemId = (
        await api<{ items: Array<{ itemId: string }> }>(athar, world.expert.token, 'GET', `/api/bodies/${id}`)
      ).body.items[0]!.itemId;
      const chest = {
        type: 'Annotation',
        body: [
          { 'athar:field': 'lesionType', value: 'contusion' },
          { 'athar:field': 'bodyRegion', value: 'chest' }
        ],
        target: {
          selector: {
            type: 'FragmentSelector',
            conformsTo: 'http://www.w3.org/TR/media-frags/',
            value: 'xywh=pixel:10,10,40,40'
          }
        }
      };
      const imported = await api<{ items: Array<{ id: string }> }>(
        athar,
        world.expert.token,
        'POST',
        `/api/items/${itemId}/annotations`,
        [chest, chest]
      );
      expect(imported.status).toBe(201);
      const onChest = async () => {
        const page = await fetch(`${athar.url}/bodies/${id}`, { headers: bearer(world.expert.token) });
        return /data-region="chest"[^>]*data-count="(\d+)"/.exec(await page.text())?.[1];
      };
      await vi.waitFor(async () => expect(await onChest()).toBe('2'), { timeout: 20_000, interval: 200 });
      // A colleague deletes one finding (a tombstone): the chart counts only what stands.
      const layer = await suite.join(`item/${itemId}`, world.expert);
      const gone = imported.body.items[0]!.id.split('/').at(-1)!;
      const finding = layer.doc.getMap('annotations').get(gone) as Y.Map<unknown>;
      layer.doc.transact(() => {
        finding.set('deletedBy', world.expert.id);
        finding.set('deletedAt', Date.now());
      });
      await vi.waitFor(async () => expect(await onChest()).toBe('1'), { timeout: 20_000, interval: 200 });
    });

    it('marks a body evaluated only once its evaluation is complete (409 before)', async () => {
      const { world, athar } = suite;
      const id = await newBody();
      const mark = () =>
        api<Body>(athar, world.coordinator.token, 'PATCH', `/api/bodies/${id}`, { status: 'evaluated' });
      const refused = await mark();
      expect(refused.status).toBe(409);
      expect((await put(world.expert.token, id, { ...COMPLETE, summary: '  ' })).status).toBe(200);
      expect((await mark()).status).toBe(409);
      expect((await getBody(id)).body.status).toBe('open');
      expect((await put(world.expert.token, id, COMPLETE)).status).toBe(200);
      const marked = await mark();
      expect(marked.status).toBe(200);
      expect(marked.body.status).toBe('evaluated');
    });
  });
}
