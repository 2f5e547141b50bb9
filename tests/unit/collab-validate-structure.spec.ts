import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  annotate,
  clientOf,
  edit,
  expectAccepted,
  expectRefused,
  findingOf,
  reviewer
} from './collab-validate-helpers.ts';

describe('validateUpdate refuses what the room cannot place', () => {
  it('an update whose first struct was withheld (same client, a clock gap)', () => {
    const server = new Y.Doc();
    const client = clientOf(server);
    const first = edit(client, (doc) => annotate(doc, 'a1', reviewer.userId));
    const second = edit(client, (doc) => findingOf(doc, 'a1').set('side', 'left'));
    expectRefused(server, second, reviewer, 'missing-dependency');
    expectAccepted(server, first, reviewer);
    expectAccepted(server, second, reviewer);
  });

  it("an update building on another client's struct the room never got", () => {
    const server = new Y.Doc();
    const author = clientOf(server);
    const created = edit(author, (doc) => annotate(doc, 'a1', reviewer.userId));
    const colleague = clientOf(author);
    // The finding map's first key has no neighbours: it names its parent, a map the room lacks.
    const field = edit(colleague, (doc) => findingOf(doc, 'a1').set('lesionType', 'burn_thermal'));
    const decoded = Y.decodeUpdate(field).structs[0] as Y.Item;
    expect(decoded.origin).toBeNull();
    expect(decoded.parent).toBeInstanceOf(Y.ID);
    expectRefused(server, field, reviewer, 'missing-dependency');
    const moved = edit(colleague, (doc) =>
      (doc.getMap('annotations').get('a1') as Y.Map<unknown>).set('updatedAt', Date.UTC(2025, 5, 1))
    );
    expectRefused(server, moved, reviewer, 'missing-dependency');
    expectAccepted(server, created, reviewer);
    expectAccepted(server, Y.encodeStateAsUpdate(colleague, Y.encodeStateVector(server)), reviewer);
  });

  it('a deletion of ranges the room does not hold', () => {
    const server = new Y.Doc();
    expectAccepted(
      server,
      edit(clientOf(server), (doc) => annotate(doc, 'a1', reviewer.userId)),
      reviewer
    );
    const elsewhere = new Y.Doc();
    annotate(elsewhere, 'b1', reviewer.userId);
    elsewhere.getMap('annotations').delete('b1');
    const deletions = Y.encodeStateAsUpdate(elsewhere, Y.encodeStateVector(elsewhere));
    expect(Y.decodeUpdate(deletions).structs).toHaveLength(0);
    expectRefused(server, deletions, reviewer, 'missing-dependency');
  });

  it('garbage, truncated updates and a client block given twice', () => {
    const server = new Y.Doc();
    const client = clientOf(server);
    const first = edit(client, (doc) => annotate(doc, 'a1', reviewer.userId));
    const second = edit(client, (doc) => findingOf(doc, 'a1').set('side', 'left'));
    expectRefused(
      server,
      Uint8Array.of(7, 200, 3, 1, 255, 255, 255, 255, 255, 255, 127),
      reviewer,
      'malformed'
    );
    expectRefused(server, first.slice(0, first.length - 5), reviewer, 'malformed');
    expectRefused(server, new TextEncoder().encode('{"annotations":{}}'), reviewer, 'malformed');
    // Yjs keeps only the last block of a client: the first would be checked, the second kept pending.
    const twice = Uint8Array.of(2, ...first.slice(1, -1), ...second.slice(1, -1), 0);
    expect(Y.decodeUpdate(twice).structs.length).toBeGreaterThan(1);
    expectRefused(server, twice, reviewer, 'malformed');
    expectAccepted(server, Y.mergeUpdates([first, second]), reviewer);
  });
});
