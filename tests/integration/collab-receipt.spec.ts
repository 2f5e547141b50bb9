/**
 * The receipt is the store: the answer the client's sync tracker takes as "received" goes out only
 * once the edit is in the database, so a SIGKILL right after the receipt loses nothing (issue 12,
 * point 4). The client is the stock provider with the app's own tracker, on Node's WebSocket (the
 * browser's event model), killed from inside the tracker's callback.
 */
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { authHeaders, collabUrl, waitFor } from '../helpers/collab.ts';
import { trackSync, type SyncTracker } from '../../src/lib/collab/sync-tracker.ts';
import { readAnnotations } from '../../src/lib/model/document-schema.ts';
import { annotate, createWorld, docOf, storedUpdates, type World } from '../helpers/collab-world.ts';

/** Node's own WebSocket (events as in a browser), sending a bearer token. */
function browserLikeSocket(token: string): typeof globalThis.WebSocket {
  class WithToken extends globalThis.WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, { protocols, headers: authHeaders({ token }) } as unknown as string[]);
    }
  }
  return WithToken;
}

function trackedClient(athar: Instance, room: string, token: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(collabUrl(athar), room, doc, {
    WebSocketPolyfill: browserLikeSocket(token),
    disableBc: true,
    maxBackoffTime: 500
  });
  const listeners = new Set<() => void>();
  const tracker: SyncTracker = trackSync(provider, doc, {
    readOnly: false,
    isLocal: (origin) => origin !== provider,
    onChange: () => listeners.forEach((l) => l())
  });
  const changes = (onChange: () => void) => {
    listeners.add(onChange);
    return () => listeners.delete(onChange);
  };
  return {
    doc,
    tracker,
    changes,
    destroy() {
      tracker.destroy();
      provider.destroy();
    }
  };
}

for (const dialect of DIALECTS) {
  describe(`collab receipts (${dialect})`, () => {
    let athar: Instance;
    let world: World;

    beforeAll(async () => {
      athar = await startInstance(dialect);
      world = await createWorld(athar, 2);
    });
    afterAll(async () => {
      await athar?.destroy();
    });

    it('keeps every acknowledged annotation through a SIGKILL right after the receipt', async () => {
      for (const [round, room] of world.rooms.entries()) {
        const client = trackedClient(athar, room, world.alice.token);
        await waitFor('connected', () => client.tracker.state.status === 'connected', client.changes);
        const ids = Array.from({ length: 20 }, (_, i) => `r${round}-${i}`);
        for (const id of ids) annotate(client.doc, id, world.alice.id);
        expect(client.tracker.state.unsynced).toBeGreaterThan(0);
        // The kill goes out from the tracker's own callback, the moment it counts everything received.
        let killed: Promise<number | null> | undefined;
        await waitFor(
          'the receipt of every edit',
          () => {
            if (client.tracker.state.unsynced === 0) killed ??= athar.stop('SIGKILL');
            return killed !== undefined;
          },
          client.changes
        );
        expect(await killed).toBeNull();
        client.destroy();

        await athar.start();
        const stored = readAnnotations(docOf(await storedUpdates(athar, room))).map((a) => a.id);
        expect(stored.sort()).toEqual([...ids].sort());
      }
    });
  });
}
