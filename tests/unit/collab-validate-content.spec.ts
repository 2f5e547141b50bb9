import * as Y from 'yjs';
import { describe, it } from 'vitest';
import {
  BLIND,
  NOW,
  annotate,
  clientOf,
  edit,
  expectAccepted,
  expectRefused,
  expert,
  findingOf,
  observer,
  reviewer,
  roomWithAnnotation
} from './collab-validate-helpers.ts';

const svg = (value: string) => JSON.stringify({ type: 'SvgSelector', value });

describe('validateUpdate refuses hostile content', () => {
  it('authorship written by the client must be the sender', () => {
    const { server, client } = roomWithAnnotation();
    expectRefused(
      server,
      edit(clientOf(server), (doc) => annotate(doc, 'a2', expert.userId)),
      reviewer,
      'forged-author'
    );
    const moved = edit(client, (doc) =>
      (doc.getMap('annotations').get('a1') as Y.Map<unknown>).set('updatedBy', expert.userId)
    );
    expectRefused(server, moved, reviewer, 'forged-author');
    const decision = edit(clientOf(server), (doc) =>
      doc
        .getMap('adjudication')
        .set('as1:a1', { decision: 'rejected', annotationId: null, from: null, by: expert.userId, at: NOW })
    );
    expectRefused(server, decision, reviewer, 'forged-author');
  });

  it('the consistency opinion only from experts, written or removed', () => {
    const { server, client } = roomWithAnnotation();
    const opinion = edit(client, (doc) => findingOf(doc, 'a1').set('consistency', 'diagnostic'));
    expectRefused(server, opinion, reviewer, 'expert-only');
    expectAccepted(server, opinion, expert);
    const removal = edit(clientOf(server), (doc) => findingOf(doc, 'a1').delete('consistency'));
    expectRefused(server, removal, reviewer, 'expert-only');
    expectRefused(
      server,
      edit(clientOf(server), (doc) => findingOf(doc, 'a1').set('consistency', 'certain')),
      expert,
      'bad-value'
    );
  });

  it('observers and read-only connections write and delete nothing', () => {
    const { server } = roomWithAnnotation();
    expectRefused(
      server,
      edit(clientOf(server), (doc) => annotate(doc, 'a2', observer.userId)),
      observer,
      'read-only'
    );
    expectRefused(
      server,
      edit(clientOf(server), (doc) => doc.getMap('annotations').delete('a1')),
      observer,
      'read-only'
    );
    const blind = { ...reviewer, readOnly: true };
    expectRefused(
      server,
      edit(clientOf(server), (doc) => findingOf(doc, 'a1').set('side', 'left')),
      blind,
      'read-only',
      { room: BLIND }
    );
  });

  it("selectors: only the codec's fragment or one bare polygon, inside the image", () => {
    const { server } = roomWithAnnotation();
    const target = (text: string) =>
      edit(clientOf(server), (doc) =>
        (doc.getMap('annotations').get('a1') as Y.Map<unknown>).set('target', text)
      );
    expectRefused(
      server,
      target(svg('<svg onload="alert(1)"><polygon points="1,1 9,1 5,5"/></svg>')),
      reviewer,
      'bad-selector'
    );
    expectRefused(
      server,
      target(svg('<svg><script>alert(1)</script><polygon points="1,1 9,1 5,5"/></svg>')),
      reviewer,
      'bad-selector'
    );
    expectRefused(
      server,
      target(svg('<svg><polygon points="1,1 9,1 5,5" onload="x"/></svg>')),
      reviewer,
      'bad-selector'
    );
    expectRefused(
      server,
      target(svg('<svg><polygon points="1,1 90000000,1 5,5"/></svg>')),
      reviewer,
      'bad-selector'
    );
    const size = { image: { width: 100, height: 100 } };
    expectRefused(
      server,
      target(svg('<svg><polygon points="1,1 101,1 5,5"/></svg>')),
      reviewer,
      'bad-selector',
      size
    );
    expectRefused(
      server,
      target(JSON.stringify({ type: 'FragmentSelector', value: 'xywh=pixel:0,0,1e9,1' })),
      reviewer,
      'bad-selector'
    );
    expectRefused(server, target('null'), reviewer, 'bad-selector');
    expectRefused(
      server,
      target(
        JSON.stringify({
          type: 'SvgSelector',
          value: '<svg><polygon points="1,1 9,1 5,5"/></svg>',
          href: 'x'
        })
      ),
      reviewer,
      'bad-selector'
    );
    expectAccepted(server, target(svg('<svg><polygon points="1,1 99,1 5,5"/></svg>')), reviewer, size);
  });

  it('values: plausible times, finite numbers, no NUL, known keys and kinds', () => {
    const { server } = roomWithAnnotation();
    const on = (change: (annotation: Y.Map<unknown>, finding: Y.Map<unknown>) => void) =>
      edit(clientOf(server), (doc) =>
        change(doc.getMap('annotations').get('a1') as Y.Map<unknown>, findingOf(doc, 'a1'))
      );
    expectRefused(
      server,
      on((a) => a.set('createdAt', 1e20)),
      reviewer,
      'bad-value'
    );
    expectRefused(
      server,
      on((a) => a.set('updatedAt', NaN)),
      reviewer,
      'bad-value'
    );
    expectRefused(
      server,
      on((_, f) => f.set('sizeMm', NaN)),
      reviewer,
      'bad-value'
    );
    expectRefused(
      server,
      on((_, f) => f.set('sizeMm', Infinity)),
      reviewer,
      'bad-value'
    );
    expectRefused(
      server,
      on((_, f) => f.set('notes', 'before\u0000after')),
      reviewer,
      'bad-value'
    );
    expectRefused(
      server,
      on((_, f) => f.set('lesionType', 'invented')),
      reviewer,
      'bad-value'
    );
    expectRefused(
      server,
      on((_, f) => f.set('verdict', 'guilty')),
      reviewer,
      'schema'
    );
    expectRefused(
      server,
      on((_, f) => f.set('lesionType', new Y.Text('prose'))),
      reviewer,
      'schema'
    );
    expectRefused(
      server,
      on((a) => a.set('finding', 'flat')),
      reviewer,
      'schema'
    );
    expectRefused(
      server,
      on((a) => a.set('sources', '[{"assignmentId":1}]')),
      reviewer,
      'bad-value'
    );
    expectRefused(
      server,
      edit(clientOf(server), (doc) => doc.getMap('annotations').set('a9', 'not a map')),
      reviewer,
      'schema'
    );
    expectRefused(
      server,
      edit(clientOf(server), (doc) => doc.getMap('fields').set('date', 'x\u0000')),
      reviewer,
      'bad-value'
    );
  });

  it('an unknown root, decisions on a blind layer, foreign transcription nodes and marks', () => {
    const server = new Y.Doc();
    expectRefused(
      server,
      edit(clientOf(server), (doc) => doc.getMap('evil').set('x', 1)),
      reviewer,
      'schema'
    );
    expectRefused(
      server,
      edit(clientOf(server), (doc) => doc.getText('notes').insert(0, 'x')),
      reviewer,
      'schema'
    );
    const decision = edit(clientOf(server), (doc) =>
      doc
        .getMap('adjudication')
        .set('k', { decision: 'rejected', annotationId: null, from: null, by: reviewer.userId, at: NOW })
    );
    expectRefused(server, decision, reviewer, 'schema', { room: BLIND });
    const block = (name: string) =>
      edit(clientOf(server), (doc) =>
        doc.getXmlFragment('transcription').insert(0, [new Y.XmlElement(name)])
      );
    expectRefused(server, block('script'), reviewer, 'schema');
    const marked = edit(clientOf(server), (doc) => {
      const paragraph = new Y.XmlElement('paragraph');
      doc.getXmlFragment('transcription').insert(0, [paragraph]);
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      text.insert(0, 'x', { link: { href: 'javascript:alert(1)' } });
    });
    expectRefused(server, marked, reviewer, 'schema');
    const attribute = edit(clientOf(server), (doc) => {
      const paragraph = new Y.XmlElement('paragraph');
      doc.getXmlFragment('transcription').insert(0, [paragraph]);
      paragraph.setAttribute('onclick', 'alert(1)');
    });
    expectRefused(server, attribute, reviewer, 'schema');
  });

  it('big values: a 1 MiB string, and an update over the configured size', () => {
    const { server } = roomWithAnnotation();
    const big = 'x'.repeat(1024 * 1024);
    expectRefused(
      server,
      edit(clientOf(server), (doc) => findingOf(doc, 'a1').set('notes', big)),
      reviewer,
      'too-large'
    );
    const typed = edit(clientOf(server), (doc) => {
      const paragraph = new Y.XmlElement('paragraph');
      doc.getXmlFragment('transcription').insert(0, [paragraph]);
      paragraph.insert(0, [new Y.XmlText(big)]);
    });
    expectRefused(server, typed, reviewer, 'too-large');
    const small = edit(clientOf(server), (doc) => findingOf(doc, 'a1').set('notes', 'x'.repeat(3000)));
    expectRefused(server, small, reviewer, 'too-large', { limits: { maxUpdateBytes: 1024 } });
    expectAccepted(server, small, reviewer);
  });

  it('nesting: fields 20,000 deep, transcription XML 5,000 deep, writes below a poisoned container', () => {
    const server = new Y.Doc();
    const fields = edit(clientOf(server), (doc) => {
      let map = doc.getMap<unknown>('fields');
      for (let i = 0; i < 20_000; i++) {
        const next = new Y.Map<unknown>();
        map.set('documentType', next);
        map = next;
      }
    });
    expectRefused(server, fields, reviewer, 'schema');
    const xml = edit(clientOf(server), (doc) => {
      let node: Y.XmlFragment = doc.getXmlFragment('transcription');
      for (let i = 0; i < 5_000; i++) {
        const next = new Y.XmlElement('paragraph');
        node.insert(0, [next]);
        node = next;
      }
    });
    expectRefused(server, xml, reviewer, 'schema');
    // A room poisoned before validation existed: nothing is written below the depth limit.
    const legacy = clientOf(server);
    let deepest = legacy.getMap<unknown>('fields');
    for (let i = 0; i < 40; i++) {
      const next = new Y.Map<unknown>();
      deepest.set('documentType', next);
      deepest = next;
    }
    Y.applyUpdate(server, Y.encodeStateAsUpdate(legacy));
    expectRefused(
      server,
      edit(legacy, () => deepest.set('documentType', 'x')),
      reviewer,
      'too-deep'
    );
  });
});
