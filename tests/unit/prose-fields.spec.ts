import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  createAnnotation,
  needsProseUpgrade,
  readAnnotations,
  replaceProse,
  setFindingValue,
  upgradeProse,
  writeAnnotation
} from '../../src/lib/model/document-schema.ts';
import { shiftCaret } from '../../src/lib/collab/prose-binding.ts';
import { schemaUpgradeUpdate } from '../../src/lib/server/collab/schema-upgrade.ts';
import {
  NOW,
  RECT,
  clientOf,
  edit,
  expectAccepted,
  expectRefused,
  reviewer
} from './collab-validate-helpers.ts';

const target = JSON.parse(RECT) as never;

/** A version 1 document: prose fields as plain strings, as the old writer left them. */
function v1Room(): Y.Doc {
  const doc = new Y.Doc();
  const map = new Y.Map<unknown>();
  const finding = new Y.Map<unknown>();
  finding.set('lesionType', 'abrasion');
  finding.set('notes', 'linear, parallel');
  finding.set('colour', 'red');
  map.set('target', RECT);
  map.set('finding', finding);
  for (const key of ['createdBy', 'updatedBy']) map.set(key, reviewer.userId);
  for (const key of ['createdAt', 'updatedAt']) map.set(key, NOW);
  doc.getMap('annotations').set('a1', map);
  return doc;
}

const notesOf = (doc: Y.Doc, id = 'a1') =>
  ((doc.getMap('annotations').get(id) as Y.Map<unknown>).get('finding') as Y.Map<unknown>).get('notes');

describe('prose finding fields (schema version 2)', () => {
  it('are written as Y.Text and read like version 1 strings', () => {
    const v1 = v1Room();
    const v2 = new Y.Doc();
    const [record] = readAnnotations(v1);
    writeAnnotation(v2, record!);
    expect(notesOf(v2)).toBeInstanceOf(Y.Text);
    expect(readAnnotations(v2)).toEqual(readAnnotations(v1));
    expect(needsProseUpgrade(v1)).toBe(true);
    expect(needsProseUpgrade(v2)).toBe(false);
  });

  it('a new finding holds an empty text for every prose field, read as absent', () => {
    const doc = new Y.Doc();
    createAnnotation(doc, 'a1', target, reviewer.userId);
    expect(notesOf(doc)).toBeInstanceOf(Y.Text);
    expect(readAnnotations(doc)[0]?.finding).toEqual({});
    setFindingValue(doc, 'a1', 'notes', 'x', reviewer.userId);
    setFindingValue(doc, 'a1', 'notes', null, reviewer.userId);
    expect(notesOf(doc)).toBeInstanceOf(Y.Text);
    expect(readAnnotations(doc)[0]?.finding).toEqual({});
  });

  it('replacing the text changes only the middle, so a concurrent edit elsewhere survives', () => {
    const a = new Y.Doc();
    createAnnotation(a, 'a1', target, reviewer.userId);
    setFindingValue(a, 'a1', 'notes', 'one two three', reviewer.userId);
    const b = clientOf(a);
    replaceProse(notesOf(a) as Y.Text, 'one TWO three');
    (notesOf(b) as Y.Text).insert(13, ' four');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(String(notesOf(a))).toBe('one TWO three four');
    expect(String(notesOf(b))).toBe('one TWO three four');
  });

  it('places a change among equal characters where the caret says it was made', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'aab');
    const deltas: unknown[] = [];
    text.observe((event) => deltas.push(event.delta));
    replaceProse(text, 'aaab', 2); // typed an "a" after the first one
    replaceProse(text, 'aab', 0); // deleted the first "a"
    expect(deltas).toEqual([[{ retain: 1 }, { insert: 'a' }], [{ delete: 1 }]]);
  });

  it('the upgrade turns strings into texts once, and two servers build the same bytes', () => {
    const doc = v1Room();
    const first = schemaUpgradeUpdate('item/x', doc);
    const again = schemaUpgradeUpdate('item/x', clientOf(doc));
    expect(first?.fields).toBe(4); // notes and colour converted, pattern and mechanism created
    expect(again?.update).toEqual(first?.update);
    const before = readAnnotations(doc);
    Y.applyUpdate(doc, first!.update);
    expect(notesOf(doc)).toBeInstanceOf(Y.Text);
    expect(readAnnotations(doc)).toEqual(before);
    expect(schemaUpgradeUpdate('item/x', doc)).toBeNull();
    expect(upgradeProse(doc)).toBe(0);
  });
});

describe('the socket validator and prose fields', () => {
  function typingRoom() {
    const server = new Y.Doc();
    createAnnotation(server, 'a1', target, reviewer.userId);
    return { server, client: clientOf(server) };
  }
  const notes = (doc: Y.Doc) => notesOf(doc) as Y.Text;

  it('accepts honest typing: inserts, deletions, a replacement, an old client’s plain string', () => {
    const { server, client } = typingRoom();
    expectAccepted(
      server,
      edit(client, (doc) => notes(doc).insert(0, 'bruise, ١٢ mm\n')),
      reviewer
    );
    expectAccepted(
      server,
      edit(client, (doc) => notes(doc).delete(0, 6)),
      reviewer
    );
    expectAccepted(
      server,
      edit(client, (doc) => replaceProse(notes(doc), 'x'.repeat(5000))),
      reviewer
    );
    expectAccepted(
      server,
      edit(client, (doc) => setFindingValue(doc, 'a1', 'colour', 'blue', 'reviewer1')),
      reviewer
    );
    const old = clientOf(server);
    const finding = (old.getMap('annotations').get('a1') as Y.Map<unknown>).get('finding') as Y.Map<unknown>;
    expectAccepted(
      server,
      edit(old, () => finding.set('pattern', 'patterned')),
      reviewer
    );
    expect(readAnnotations(server)[0]?.finding).toMatchObject({ colour: 'blue', pattern: 'patterned' });
  });

  it('refuses a too long insert, a NUL or control character, formatting, a Y.Text under a choice', () => {
    const { server } = typingRoom();
    // A fresh client per case: a refused update is not in the room, so the next would lack it.
    expectRefused(
      server,
      edit(clientOf(server), (doc) => notes(doc).insert(0, 'x'.repeat(5001))),
      reviewer,
      'too-large'
    );
    expectRefused(
      server,
      edit(clientOf(server), (doc) => setFindingValue(doc, 'a1', 'colour', 'y'.repeat(501), 'reviewer1')),
      reviewer,
      'too-large'
    );
    expectRefused(
      server,
      edit(clientOf(server), (doc) => notes(doc).insert(0, 'a\u0000b')),
      reviewer,
      'bad-value'
    );
    expectRefused(
      server,
      edit(clientOf(server), (doc) => notes(doc).insert(0, 'a\u001bb')),
      reviewer,
      'bad-value'
    );
    expectRefused(
      server,
      edit(clientOf(server), (doc) => notes(doc).insert(0, 'bold', { bold: true })),
      reviewer,
      'schema'
    );
    const finding = (doc: Y.Doc) =>
      (doc.getMap('annotations').get('a1') as Y.Map<unknown>).get('finding') as Y.Map<unknown>;
    expectRefused(
      server,
      edit(clientOf(server), (doc) => finding(doc).set('lesionType', new Y.Text('abrasion'))),
      reviewer,
      'schema'
    );
    expectRefused(
      server,
      edit(clientOf(server), (doc) => finding(doc).set('verdict', new Y.Text('guilty'))),
      reviewer,
      'schema'
    );
  });
});

describe('the caret when a colleague types into the same box', () => {
  /** The delta Yjs reports for a remote change, from the text before and a change to it. */
  function deltaOf(before: string, change: (text: Y.Text) => void) {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, before);
    let delta: Array<{ insert?: unknown; retain?: number; delete?: number }> = [];
    text.observe((event) => (delta = event.delta as typeof delta));
    change(text);
    return delta;
  }

  it('moves by what was inserted or deleted before it, and stays before text typed at it', () => {
    expect(
      shiftCaret(
        6,
        deltaOf('hello world', (t) => t.insert(0, 'Oh, '))
      )
    ).toBe(10);
    expect(
      shiftCaret(
        6,
        deltaOf('hello world', (t) => t.insert(11, '!'))
      )
    ).toBe(6);
    expect(
      shiftCaret(
        6,
        deltaOf('hello world', (t) => t.insert(6, 'big '))
      )
    ).toBe(6);
    expect(
      shiftCaret(
        6,
        deltaOf('hello world', (t) => t.delete(0, 2))
      )
    ).toBe(4);
    expect(
      shiftCaret(
        6,
        deltaOf('hello world', (t) => t.delete(4, 4))
      )
    ).toBe(4);
    expect(
      shiftCaret(
        2,
        deltaOf('hello world', (t) => t.delete(4, 4))
      )
    ).toBe(2);
  });
});
