/** The socket validator on a body room (`body/<id>`): only experts write the overall evaluation. */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  evaluationComplete,
  evaluationSeed,
  readEvaluation,
  seedEvaluation,
  writeEvaluation
} from '../../src/lib/model/document-schema.ts';
import { parseRoomName, type RoomName } from '../../src/lib/model/rooms.ts';
import {
  annotate,
  clientOf,
  edit,
  expectAccepted,
  expectRefused,
  expert,
  NOW,
  observer,
  reviewer
} from './collab-validate-helpers.ts';

const NAME = `body/${'c'.repeat(24)}`;
const BODY = parseRoomName(NAME) as RoomName;
const inBody = { room: BODY };

function seededRoom() {
  const server = new Y.Doc();
  seedEvaluation(server, NAME);
  return { server, client: clientOf(server) };
}

const evaluation = (doc: Y.Doc) => doc.getMap('evaluation');
const text = (doc: Y.Doc, key: string) => evaluation(doc).get(key) as Y.Text;

describe('body room document', () => {
  it('parses body room names and nothing like them', () => {
    expect(BODY).toEqual({ kind: 'body', bodyId: 'c'.repeat(24), name: NAME });
    expect(parseRoomName(`body/${'c'.repeat(24)}/x`)).toBeNull();
    expect(parseRoomName('body/../item')).toBeNull();
  });

  it('seeds the same bytes everywhere, once', () => {
    expect(evaluationSeed(NAME)).toEqual(evaluationSeed(NAME));
    const a = new Y.Doc();
    const b = new Y.Doc();
    expect(seedEvaluation(a, NAME)).toBe(true);
    expect(seedEvaluation(a, NAME)).toBe(false);
    seedEvaluation(b, NAME);
    text(a, 'summary').insert(0, 'from a ');
    text(b, 'summary').insert(0, 'from b ');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(text(a, 'summary').toString()).toBe(text(b, 'summary').toString());
    expect(text(a, 'summary').toString()).toContain('from a');
    expect(text(a, 'summary').toString()).toContain('from b');
  });

  it('is complete only when every part is answered', () => {
    const doc = new Y.Doc();
    const values = {
      opinion: 'highly_consistent',
      starvation: 'present',
      causeOfDeath: 'Asphyxia (as documented)',
      causeConsistent: 'yes',
      summary: 'Pattern of blunt force injuries.'
    } as const;
    expect(writeEvaluation(doc, NAME, { ...values, summary: '  ' }, 'u1', NOW)).toBe(true);
    expect(evaluationComplete(readEvaluation(doc))).toBe(false);
    writeEvaluation(doc, NAME, values, 'u1', NOW);
    expect(readEvaluation(doc)).toMatchObject({ ...values, updatedBy: 'u1', updatedAt: NOW });
    expect(evaluationComplete(readEvaluation(doc))).toBe(true);
    expect(writeEvaluation(doc, NAME, values, 'u2', NOW + 1)).toBe(false);
  });
});

describe('socket validation of a body room', () => {
  it('accepts an expert writing the evaluation, typing into the seeded texts', () => {
    const { server, client } = seededRoom();
    const update = edit(client, (doc) => {
      evaluation(doc).set('opinion', 'typical');
      evaluation(doc).set('starvation', 'undetermined');
      evaluation(doc).set('updatedBy', expert.userId);
      evaluation(doc).set('updatedAt', NOW);
      text(doc, 'summary').insert(0, 'Two experts typing.');
    });
    expectAccepted(server, update, expert, inBody);
    expect(readEvaluation(server).summary).toBe('Two experts typing.');
  });

  it('refuses a non-expert and an observer, writes and deletions alike', () => {
    const { server, client } = seededRoom();
    const write = edit(client, (doc) => text(doc, 'summary').insert(0, 'not mine'));
    expectRefused(server, write, reviewer, 'expert-only', inBody);
    expectRefused(server, write, observer, 'read-only', inBody);
    expectAccepted(server, write, expert, inBody);
    const erase = edit(clientOf(server), (doc) => text(doc, 'summary').delete(0, 3));
    expectRefused(server, erase, reviewer, 'read-only', inBody);
  });

  it('refuses unknown keys, poison values, forged authors and foreign roots', () => {
    const { server, client } = seededRoom();
    const refused = (change: (doc: Y.Doc) => void, code: string) =>
      expectRefused(server, edit(clientOf(server), change), expert, code, inBody);
    refused((doc) => evaluation(doc).set('opinion', 'certain'), 'bad-value');
    refused((doc) => evaluation(doc).set('opinion', null), 'bad-value');
    refused((doc) => evaluation(doc).set('verdict', 'x'), 'schema');
    refused((doc) => evaluation(doc).set('updatedBy', 'someone-else'), 'forged-author');
    refused((doc) => evaluation(doc).set('updatedAt', -1), 'bad-value');
    refused((doc) => evaluation(doc).set('summary', 'plain string'), 'schema');
    refused((doc) => evaluation(doc).set('notes', new Y.Text()), 'schema');
    refused((doc) => evaluation(doc).set('starvation', new Y.Map()), 'schema');
    refused((doc) => text(doc, 'summary').insert(0, 'a\u0000b'), 'bad-value');
    refused((doc) => text(doc, 'causeOfDeath').insert(0, 'x'.repeat(1001)), 'too-large');
    refused((doc) => annotate(doc, 'a1', expert.userId), 'schema');
    refused((doc) => doc.getMap('fields').set('documentType', 'x'), 'schema');
    void client;
  });

  it('refuses the evaluation in an item room', () => {
    const server = new Y.Doc();
    const update = edit(clientOf(server), (doc) => evaluation(doc).set('opinion', 'typical'));
    expectRefused(server, update, expert, 'schema');
  });
});
