/**
 * Agreement between blind reviews, end to end: two reviewers annotate the same items in their own
 * blind layers (through the stock provider on each review room), submit, and the queue reports the
 * F1 of their regions (matched at IoU ≥ 0.5), Cohen's kappa on the lesion type and the linearly
 * weighted kappa on the consistency level of matched regions, worked out by hand below; a
 * transcription queue reports the mean character error rate between the two transcriptions.
 * Reviews that were not submitted (a skip) count for nothing.
 */
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { join, type Peer } from '../helpers/collab.ts';
import { TRANSCRIPTION, writeAnnotation, type Selector } from '../../src/lib/model/document-schema.ts';
import { transcriptionText } from '../../src/lib/model/transcription-text.ts';
import { docOf, storedWhere } from '../helpers/collab-world.ts';
import { countOf } from '../helpers/db.ts';
import { call } from '../helpers/http.ts';
import {
  act,
  type Assignment,
  createQueue,
  createReviewWorld,
  next,
  type Person,
  type ReviewWorld
} from '../helpers/review-world.ts';

type Region = { id: string; target: Selector; lesionType: string; consistency: string };

const rect = (x: number, y: number, w: number, h: number): Selector => ({
  type: 'FragmentSelector',
  conformsTo: 'http://www.w3.org/TR/media-frags/',
  value: `xywh=pixel:${x},${y},${w},${h}`
});
const polygon = (points: string): Selector => ({
  type: 'SvgSelector',
  value: `<svg xmlns="http://www.w3.org/2000/svg"><polygon points="${points}"/></svg>`
});

/**
 * What each reviewer marks on the first and on the second item of the queue.
 *
 * First item:
 *   r1 (0,0 100×100) and (10,0 100×100): IoU 9000 / 11000 = 0.82 → matched;
 *      contusion / contusion; consistent (1) / highly_consistent (2)
 *   r2 identical boxes: IoU 1 → matched; abrasion / contusion; typical (3) / typical (3)
 *   r3 (A only, 400,0 20×20) and r4 (B only, 0,300 40×40): unmatched.
 * Second item:
 *   s1 (0,0 100×100) and (0,0 100×50): IoU 5000 / 10000 = 0.5 exactly → matched (≥ 0.5);
 *      burn_thermal / burn_thermal; diagnostic (4) / typical (3)
 *   s2 a square polygon and the same square as a rectangle: IoU 1 → matched;
 *      abrasion / abrasion; not_consistent (0) / consistent (1)
 *
 * F1 = 2 · 4 matched / (5 + 5 regions) = 0.8.
 * Lesion type, 4 pairs: (c,c) (a,c) (b,b) (a,a); observed agreement 3/4;
 *   A: c 1, a 2, b 1; B: c 2, a 1, b 1 → expected (1·2 + 2·1 + 1·1) / 16 = 5/16;
 *   kappa = (12/16 − 5/16) / (11/16) = 7/11.
 * Consistency, 4 pairs (1,2) (3,3) (4,3) (0,1), weights 1 − |i − j| / 4: 0.75, 1, 0.75, 0.75;
 *   observed 3.25 / 4 = 13/16; A has 0, 1, 3, 4 once each, B has 1, 2 once and 3 twice:
 *   expected = ¼·(¼·0.75 + ¼·0.5 + ½·0.25)  [A = 0]
 *            + ¼·(¼·1 + ¼·0.75 + ½·0.5)     [A = 1]
 *            + ¼·(¼·0.5 + ¼·0.75 + ½·1)     [A = 3]
 *            + ¼·(¼·0.25 + ¼·0.5 + ½·0.75)  [A = 4]
 *            = 0.109375 + 0.171875 + 0.203125 + 0.140625 = 0.625 = 10/16;
 *   weighted kappa = (13/16 − 10/16) / (6/16) = 0.5.
 */
const MARKS: Record<'a' | 'b', [Region[], Region[]]> = {
  a: [
    [
      { id: 'r1', target: rect(0, 0, 100, 100), lesionType: 'contusion', consistency: 'consistent' },
      { id: 'r2', target: rect(200, 200, 50, 50), lesionType: 'abrasion', consistency: 'typical' },
      { id: 'r3', target: rect(400, 0, 20, 20), lesionType: 'laceration', consistency: 'highly_consistent' }
    ],
    [
      { id: 's1', target: rect(0, 0, 100, 100), lesionType: 'burn_thermal', consistency: 'diagnostic' },
      {
        id: 's2',
        target: polygon('300,0 400,0 400,100 300,100'),
        lesionType: 'abrasion',
        consistency: 'not_consistent'
      }
    ]
  ],
  b: [
    [
      { id: 'r1', target: rect(10, 0, 100, 100), lesionType: 'contusion', consistency: 'highly_consistent' },
      { id: 'r2', target: rect(200, 200, 50, 50), lesionType: 'contusion', consistency: 'typical' },
      { id: 'r4', target: rect(0, 300, 40, 40), lesionType: 'abrasion', consistency: 'consistent' }
    ],
    [
      { id: 's1', target: rect(0, 0, 100, 50), lesionType: 'burn_thermal', consistency: 'typical' },
      { id: 's2', target: rect(300, 0, 100, 100), lesionType: 'abrasion', consistency: 'consistent' }
    ]
  ]
};

/**
 * Transcriptions of the first and second item, one string per paragraph.
 *   "al-Khatib" (9 characters) / "al-Katib" (8): one deletion → CER 1 / 8.5 = 2/17.
 *   "محضر استجواب" + newline + "رقم 1043" (12 + 1 + 8 = 21 characters) / the same ending "1048":
 *   one substitution → CER 1/21.
 * Mean CER = (2/17 + 1/21) / 2 = 59/714.
 */
const TEXTS: Record<'a' | 'b', [string[], string[]]> = {
  a: [['al-Khatib'], ['محضر استجواب', 'رقم 1043']],
  b: [['al-Katib'], ['محضر استجواب', 'رقم 1048']]
};

function writeTranscription(doc: Y.Doc, paragraphs: string[]): void {
  doc.transact(() => {
    const fragment = doc.getXmlFragment(TRANSCRIPTION);
    for (const line of paragraphs) {
      const paragraph = new Y.XmlElement('paragraph');
      fragment.push([paragraph]);
      const text = new Y.XmlText();
      paragraph.push([text]);
      text.insert(0, line);
    }
  });
}

type Summary = {
  items: number;
  f1: number | null;
  matched: number;
  lesionTypeKappa: number | null;
  consistencyWeightedKappa: number | null;
  characterErrorRate: number | null;
};
type Agreement = {
  overall: Summary;
  pairs: Array<Summary & { reviewers: Array<{ id: string; name: string }> }>;
};

for (const dialect of DIALECTS) {
  describe(`agreement between blind reviews (${dialect})`, () => {
    let athar: Instance;
    let world: ReviewWorld;
    const peers: Peer[] = [];
    const joined = async (room: string, who: Person) => {
      const peer = await join(athar, room, { token: who.token });
      peers.push(peer);
      return peer;
    };
    const agreementOf = async (queueId: string): Promise<Agreement> => {
      const res = await call(athar, world.coordinator.token, `/api/queues/${queueId}`);
      expect(res.status, await res.clone().text()).toBe(200);
      return ((await res.json()) as { agreement: Agreement }).agreement;
    };

    /** Writes the regions into the assignment's blind layer and waits for their projection. */
    async function mark(who: Person, assignment: Assignment, regions: Region[]) {
      const peer = await joined(assignment.room, who);
      for (const r of regions) {
        writeAnnotation(peer.doc, {
          id: r.id,
          target: r.target,
          finding: { lesionType: r.lesionType, consistency: r.consistency },
          createdBy: who.id,
          createdAt: Date.now(),
          updatedBy: who.id,
          updatedAt: Date.now()
        });
      }
      await expect
        .poll(
          () => countOf(athar, 'select count(*) as n from annotations where room = ?', [assignment.room]),
          {
            message: `annotations projected from ${assignment.room}`,
            timeout: 15_000
          }
        )
        .toBe(regions.length);
      peer.close();
    }

    /** Writes the transcription into the assignment's blind layer and waits until it is stored. */
    async function transcribe(who: Person, assignment: Assignment, paragraphs: string[]) {
      const peer = await joined(assignment.room, who);
      writeTranscription(peer.doc, paragraphs);
      await storedWhere(
        athar,
        assignment.room,
        `the transcription stored in ${assignment.room}`,
        (updates) => transcriptionText(docOf(updates)) === paragraphs.join('\n')
      );
      peer.close();
    }

    const submit = async (who: Person, assignment: Assignment) =>
      expect((await act(athar, who.token, assignment.id, 'submit')).status).toBe(200);

    beforeAll(async () => {
      athar = await startInstance(dialect);
      // Experts: the reviewers give the consistency opinion, which the socket takes from experts only.
      world = await createReviewWorld(athar, { items: 2, reviewers: 3, experts: true });
    });
    afterEach(() => {
      for (const peer of peers.splice(0)) peer.close();
    });
    afterAll(async () => {
      await athar?.destroy();
    });

    it("reports F1, Cohen's kappa and weighted kappa of the submitted blind annotations", async () => {
      const [a, b, c] = world.reviewers as [Person, Person, Person];
      const queueId = await createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: 'Agreement on findings',
        task: 'annotate',
        reviewsPerItem: 2,
        blind: true,
        memberIds: [a.id, b.id, c.id],
        itemIds: world.items
      });
      const a1 = (await next(athar, a.token, queueId)) as Assignment;
      const b1 = (await next(athar, b.token, queueId)) as Assignment;
      expect(b1.itemId).toBe(a1.itemId);
      // c reviews the second item, disagreeing with everyone, then skips it: it must not count.
      const c1 = (await next(athar, c.token, queueId)) as Assignment;
      expect(c1.itemId).not.toBe(a1.itemId);
      await mark(c, c1, [
        { id: 's1', target: rect(0, 0, 100, 100), lesionType: 'laceration', consistency: 'not_consistent' },
        { id: 'c9', target: rect(600, 600, 10, 10), lesionType: 'laceration', consistency: 'diagnostic' }
      ]);
      expect((await act(athar, c.token, c1.id, 'skip', 'Cannot judge this one.')).status).toBe(200);

      await mark(a, a1, MARKS.a[0]);
      await submit(a, a1);
      await mark(b, b1, MARKS.b[0]);
      await submit(b, b1);
      // Only one item reviewed by both so far: F1 of the first item alone = 2·2 / (3 + 3).
      expect((await agreementOf(queueId)).overall).toMatchObject({ items: 1, matched: 2 });
      expect((await agreementOf(queueId)).overall.f1).toBeCloseTo(4 / 6, 10);

      const a2 = (await next(athar, a.token, queueId)) as Assignment;
      const b2 = (await next(athar, b.token, queueId)) as Assignment;
      expect([a2.itemId, b2.itemId]).toEqual([c1.itemId, c1.itemId]);
      await mark(a, a2, MARKS.a[1]);
      await mark(b, b2, MARKS.b[1]);
      await submit(a, a2);
      await submit(b, b2);
      expect(await next(athar, c.token, queueId)).toBeNull();

      const agreement = await agreementOf(queueId);
      const expected = { items: 2, matched: 4, characterErrorRate: null };
      for (const summary of [agreement.overall, ...agreement.pairs]) {
        expect(summary).toMatchObject(expected);
        expect(summary.f1).toBeCloseTo(0.8, 10);
        expect(summary.lesionTypeKappa).toBeCloseTo(7 / 11, 10);
        expect(summary.consistencyWeightedKappa).toBeCloseTo(0.5, 10);
      }
      expect(agreement.pairs).toHaveLength(1);
      expect(agreement.pairs[0]!.reviewers.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    });

    it('reports the character error rate between blind transcriptions', async () => {
      const [a, b] = world.reviewers as [Person, Person];
      const queueId = await createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: 'Agreement on transcriptions',
        task: 'transcribe',
        reviewsPerItem: 2,
        blind: true,
        memberIds: [a.id, b.id],
        itemIds: world.items
      });
      for (let k = 0; k < 2; k++) {
        const fromA = (await next(athar, a.token, queueId)) as Assignment;
        const fromB = (await next(athar, b.token, queueId)) as Assignment;
        expect(fromB.itemId).toBe(fromA.itemId);
        await transcribe(a, fromA, TEXTS.a[k]!);
        await transcribe(b, fromB, TEXTS.b[k]!);
        await submit(a, fromA);
        await submit(b, fromB);
      }
      expect(await next(athar, a.token, queueId)).toBeNull();

      const agreement = await agreementOf(queueId);
      for (const summary of [agreement.overall, ...agreement.pairs]) {
        expect(summary).toMatchObject({ items: 2, matched: 0, f1: null, lesionTypeKappa: null });
        expect(summary.characterErrorRate).toBeCloseTo(59 / 714, 10);
      }
      expect(agreement.pairs).toHaveLength(1);
    });
  });
}
