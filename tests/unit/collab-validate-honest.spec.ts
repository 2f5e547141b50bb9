import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { shapeToSelector } from '../../src/lib/collab/selectors.ts';
import { appendParagraphs } from '../../src/lib/model/draft.ts';
import { BLIND, expert, observer, reviewer } from './collab-validate-helpers.ts';
import { NOW, annotate, clientOf, edit, findingOf, roomWithAnnotation } from './collab-validate-helpers.ts';
import { expectAccepted } from './collab-validate-helpers.ts';

describe('validateUpdate accepts what honest clients send', () => {
  it('a new annotation, then its finding field by field, a moved shape and a polygon', () => {
    const { server, client } = roomWithAnnotation();
    expectAccepted(
      server,
      edit(client, (doc) => {
        findingOf(doc, 'a1').set('lesionType', 'abrasion');
        findingOf(doc, 'a1').set('sizeMm', 12.5);
        findingOf(doc, 'a1').set('notes', 'linear, parallel — ١٢ mm');
      }),
      reviewer
    );
    const polygon = shapeToSelector(
      {
        type: 'POLYGON',
        geometry: {
          points: [
            [1, 1],
            [90.25, 3],
            [40, 80]
          ],
          bounds: {}
        }
      } as never,
      { width: 4000, height: 3000 }
    );
    expectAccepted(
      server,
      edit(client, (doc) => {
        const map = doc.getMap('annotations').get('a1') as Y.Map<unknown>;
        map.set('target', JSON.stringify(polygon));
        map.set('updatedBy', reviewer.userId);
        map.set('updatedAt', NOW + 1000);
      }),
      reviewer,
      { image: { width: 4000, height: 3000 } }
    );
    expect(findingOf(server, 'a1').toJSON()).toEqual({
      lesionType: 'abrasion',
      sizeMm: 12.5,
      notes: 'linear, parallel — ١٢ mm'
    });
  });

  it("an expert's consistency opinion, and a reviewer deleting the annotation that holds it", () => {
    const { server, client: author } = roomWithAnnotation();
    const specialist = clientOf(server);
    expectAccepted(
      server,
      edit(specialist, (doc) => findingOf(doc, 'a1').set('consistency', 'typical')),
      expert
    );
    Y.applyUpdate(author, Y.encodeStateAsUpdate(server));
    expectAccepted(
      server,
      edit(author, (doc) => doc.getMap('annotations').delete('a1')),
      reviewer
    );
    expect(server.getMap('annotations').size).toBe(0);
  });

  it('edits made offline, sent as one sync reply with the whole delete set', () => {
    const server = new Y.Doc();
    const online = clientOf(server);
    expectAccepted(
      server,
      edit(online, (doc) => annotate(doc, 'a1', reviewer.userId)),
      reviewer
    );
    const offline = clientOf(server);
    offline.transact(() => annotate(offline, 'a2', reviewer.userId));
    offline.transact(() => findingOf(offline, 'a2').set('side', 'left'));
    offline.transact(() => offline.getMap('annotations').delete('a1'));
    offline.transact(() => annotate(offline, 'a3', reviewer.userId));
    const reply = Y.encodeStateAsUpdate(offline, Y.encodeStateVector(server));
    expectAccepted(server, reply, reviewer);
    expect([...server.getMap('annotations').keys()].sort()).toEqual(['a2', 'a3']);
  });

  it("an observer's sync reply: no structs, but every deletion it has seen", () => {
    const server = new Y.Doc();
    const writer = clientOf(server);
    for (const update of [
      edit(writer, (doc) => annotate(doc, 'a1', reviewer.userId)),
      edit(writer, (doc) => annotate(doc, 'a2', reviewer.userId)),
      edit(writer, (doc) => doc.getMap('annotations').delete('a1'))
    ])
      expectAccepted(server, update, reviewer);
    const watcher = clientOf(server);
    const reply = Y.encodeStateAsUpdate(watcher, Y.encodeStateVector(server));
    expect(Y.decodeUpdate(reply).ds.clients.size).toBe(1);
    expectAccepted(server, reply, observer);
    expectAccepted(server, reply, { ...reviewer, readOnly: true }, { room: BLIND });
  });

  it('a transcription as the OCR draft and the editor write it, and the page fields', () => {
    const server = new Y.Doc();
    const client = clientOf(server);
    expectAccepted(
      server,
      edit(client, (doc) => appendParagraphs(doc, 'First line\nسطر ثان')),
      reviewer
    );
    expectAccepted(
      server,
      edit(client, (doc) => {
        const heading = new Y.XmlElement('heading');
        heading.setAttribute('level', 2 as never);
        const text = new Y.XmlText();
        heading.insert(0, [text, new Y.XmlElement('hardBreak')]);
        doc.getXmlFragment('transcription').insert(0, [heading]);
        text.insert(0, 'Order 17', { unclear: {} });
        text.insert(8, ' of the branch');
        text.format(0, 5, { unclear: null, personName: {} });
      }),
      reviewer
    );
    expectAccepted(
      server,
      edit(client, (doc) => {
        doc.getMap('fields').set('documentType', 'transfer_order');
        const names = new Y.Array<string>();
        doc.getMap('fields').set('namesMentioned', names);
        names.push(['Ahmad']);
      }),
      reviewer
    );
    expect(server.getMap('fields').toJSON()).toEqual({
      documentType: 'transfer_order',
      namesMentioned: ['Ahmad']
    });
  });

  it('an adjudication decision with its annotation and sources on the shared layer', () => {
    const server = new Y.Doc();
    const client = clientOf(server);
    const update = edit(client, (doc) => {
      const map = annotate(doc, 'r1', expert.userId);
      map.set('sources', JSON.stringify([{ assignmentId: 'as1', annotationId: 'r1' }]));
      doc
        .getMap('adjudication')
        .set('as1:r1', { decision: 'accepted', annotationId: 'r1', from: 'as1', by: expert.userId, at: NOW });
    });
    expectAccepted(server, update, expert);
  });
});
