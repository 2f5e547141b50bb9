/**
 * One describe block's running instance and world: started before its tests, stopped after them,
 * with the collab peers a test opened closed after each test.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startInstance, type Instance } from './athar.ts';
import { join, type Peer } from './collab.ts';
import type { TestDialect } from './dialects.ts';

export type Suite<W> = {
  readonly athar: Instance;
  readonly world: W;
  /** Opens `room` as the bearer of `token` (synced); closed after the test. */
  join(room: string, who: { token: string }): Promise<Peer>;
};

export function useWorld<W>(dialect: TestDialect, make: (athar: Instance) => Promise<W>): Suite<W> {
  let athar: Instance | undefined;
  let world: W | undefined;
  const peers: Peer[] = [];
  beforeAll(async () => {
    athar = await startInstance(dialect);
    world = await make(athar);
  });
  afterEach(() => {
    for (const peer of peers.splice(0)) peer.close();
  });
  afterAll(async () => {
    await athar?.destroy();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the suite has not started');
    return value;
  };
  return {
    get athar() {
      return started(athar);
    },
    get world() {
      return started(world);
    },
    async join(room, who) {
      const peer = await join(started(athar), room, { token: who.token });
      peers.push(peer);
      return peer;
    }
  };
}
