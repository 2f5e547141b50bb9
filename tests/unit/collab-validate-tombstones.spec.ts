import { describe, it } from 'vitest';
import { removeAnnotation, restoreAnnotation } from '../../src/lib/model/document-schema.ts';
import type { UpdateSender } from '../../src/lib/server/collab/validate/index.ts';
import { edit, expert, reviewer, roomWithAnnotation } from './collab-validate-helpers.ts';
import { expectAccepted, expectRefused } from './collab-validate-helpers.ts';

const colleague: UpdateSender = { userId: 'reviewer2', role: 'reviewer', expert: false, readOnly: false };
const outsider: UpdateSender = { userId: 'reviewer3', role: 'reviewer', expert: false, readOnly: false };
const coordinator: UpdateSender = { userId: 'coord1', role: 'coordinator', expert: false, readOnly: false };

/** A room whose annotation (by `reviewer`) the colleague deleted, with a reason. */
function deletedByColleague() {
  const { server, client } = roomWithAnnotation();
  expectAccepted(
    server,
    edit(client, (doc) => removeAnnotation(doc, 'a1', { userId: colleague.userId, reason: 'duplicate' })),
    colleague
  );
  return { server, client };
}

describe('validateUpdate: tombstones', () => {
  it('accepts a tombstone naming the sender, refuses one naming someone else', () => {
    const { server, client } = roomWithAnnotation();
    const forged = edit(client, (doc) => removeAnnotation(doc, 'a1', { userId: reviewer.userId }));
    expectRefused(server, forged, colleague, 'forged-author');
  });

  it('refuses a reason with a NUL or longer than 500 characters', () => {
    const { server, client } = roomWithAnnotation();
    const nul = edit(client, (doc) =>
      removeAnnotation(doc, 'a1', { userId: colleague.userId, reason: 'a\u0000b' })
    );
    expectRefused(server, nul, colleague, 'bad-value');
    const long = roomWithAnnotation();
    const update = edit(long.client, (doc) => {
      const map = doc.getMap('annotations').get('a1') as import('yjs').Map<unknown>;
      map.set('deletedBy', colleague.userId);
      map.set('deleteReason', 'x'.repeat(501));
    });
    expectRefused(long.server, update, colleague, 'too-large');
  });

  it('lets the author, the deleter, an expert and a coordinator restore', () => {
    for (const sender of [reviewer, colleague, expert, coordinator]) {
      const { server, client } = deletedByColleague();
      expectAccepted(
        server,
        edit(client, (doc) => restoreAnnotation(doc, 'a1')),
        sender
      );
    }
  });

  it('refuses a restore by an unrelated reviewer', () => {
    const { server, client } = deletedByColleague();
    expectRefused(
      server,
      edit(client, (doc) => restoreAnnotation(doc, 'a1')),
      outsider,
      'not-allowed'
    );
  });

  it('lets a plain delete of the whole annotation through (recoverable from the log)', () => {
    const { server, client } = deletedByColleague();
    expectAccepted(
      server,
      edit(client, (doc) => doc.getMap('annotations').delete('a1')),
      outsider
    );
  });
});
