/**
 * The socket validator's cost per typical update, against Y.applyUpdate of the same update (the
 * anchor: what the room does with every update anyway), measured side by side in the same run on a
 * room holding 300 annotations and a 200-paragraph transcription. Validation must stay a small
 * fraction of the apply: the sync p99 may not grow by more than 10 %.
 * Usage: node bench/collab-validate.ts [--quick]
 */
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { appendParagraphs } from '../src/lib/model/draft.ts';
import { parseRoomName, type RoomName } from '../src/lib/model/rooms.ts';
import { validateUpdate, type UpdateSender } from '../src/lib/server/collab/validate/index.ts';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 100 : 400;
const room = parseRoomName(`item/${'a'.repeat(24)}`) as RoomName;
const sender: UpdateSender = { userId: 'expert1', role: 'reviewer', expert: true, readOnly: false };
const NOW = Date.UTC(2025, 4, 1);
const target = (x: number) =>
  JSON.stringify({
    type: 'FragmentSelector',
    conformsTo: 'http://www.w3.org/TR/media-frags/',
    value: `xywh=pixel:${x},20,30,40`
  });

function annotate(doc: Y.Doc, id: string, x: number): void {
  const map = new Y.Map<unknown>();
  map.set('target', target(x));
  const finding = new Y.Map<unknown>();
  finding.set('lesionType', 'contusion');
  finding.set('notes', 'round, 2 cm, yellow-green margin');
  map.set('finding', finding);
  map.set('createdBy', sender.userId);
  map.set('createdAt', NOW);
  map.set('updatedBy', sender.userId);
  map.set('updatedAt', NOW);
  doc.getMap('annotations').set(id, map);
}

const room0 = new Y.Doc();
for (let i = 0; i < 300; i++) room0.transact(() => annotate(room0, `a${i}`, i));
for (let i = 0; i < 200; i++) appendParagraphs(room0, `Line ${i} of the transfer order, names and numbers`);
const state = Y.encodeStateAsUpdate(room0);

function updateOf(change: (doc: Y.Doc) => void): Uint8Array {
  const client = new Y.Doc();
  Y.applyUpdate(client, state);
  const before = Y.encodeStateVector(client);
  change(client);
  return Y.encodeStateAsUpdate(client, before);
}

const finding = (doc: Y.Doc, id: string) =>
  (doc.getMap('annotations').get(id) as Y.Map<Y.Map<unknown>>).get('finding') as Y.Map<unknown>;
const cases: Array<[string, Uint8Array]> = [
  [
    'one finding field',
    updateOf((doc) => doc.transact(() => finding(doc, 'a150').set('consistency', 'typical')))
  ],
  [
    'one typed character',
    updateOf((doc) => {
      const paragraph = doc.getXmlFragment('transcription').get(100) as Y.XmlElement;
      (paragraph.get(0) as Y.XmlText).insert(5, 'x');
    })
  ],
  [
    'a moved shape',
    updateOf((doc) =>
      doc.transact(() => {
        const map = doc.getMap('annotations').get('a7') as Y.Map<unknown>;
        map.set('target', target(99));
        map.set('updatedBy', sender.userId);
        map.set('updatedAt', NOW + 1);
      })
    )
  ],
  ['a new annotation', updateOf((doc) => doc.transact(() => annotate(doc, 'new', 5)))],
  [
    '50 offline edits (sync reply)',
    updateOf((doc) => {
      for (let i = 0; i < 25; i++) doc.transact(() => annotate(doc, `off${i}`, i));
      for (let i = 0; i < 25; i++) doc.transact(() => finding(doc, `a${i}`).set('side', 'left'));
    })
  ]
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

console.log(`validation vs Y.applyUpdate of the same update, median of ${ROUNDS} (µs)`);
console.log('update                          | bytes | validate | apply (anchor) | ratio');
for (const [name, update] of cases) {
  const verdict = validateUpdate({ doc: room0, update, room, sender });
  if (!verdict.ok) throw new Error(`${name}: refused (${verdict.code}: ${verdict.reason})`);
  const validate: number[] = [];
  const apply: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, state);
    // A room's document is warm when an update arrives: touch the copy once before timing either.
    validateUpdate({ doc: copy, update, room, sender });
    let start = performance.now();
    validateUpdate({ doc: copy, update, room, sender });
    validate.push(performance.now() - start);
    start = performance.now();
    Y.applyUpdate(copy, update);
    apply.push(performance.now() - start);
    copy.destroy();
  }
  const v = median(validate) * 1000;
  const a = median(apply) * 1000;
  console.log(
    `${name.padEnd(31)} | ${String(update.length).padStart(5)} | ${v.toFixed(1).padStart(8)} | ${a.toFixed(1).padStart(14)} | ${(v / a).toFixed(2)}×`
  );
}
