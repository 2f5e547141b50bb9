import { readConfig, type Config } from './config.ts';
import { connect, type Db, type Dialect } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import type * as Y from 'yjs';

/** The live collaboration server, as routes see it (set when the websocket capability mounts). */
export type CollabService = {
  edit(room: string, userId: string, change: (doc: Y.Doc) => void): Promise<void>;
  read(room: string): Promise<Y.Doc>;
};

/**
 * One runtime per process. The built SvelteKit handler and server/index.ts are separate module
 * graphs, so a module-level `db` would open two databases; the runtime lives on globalThis instead,
 * created by whichever graph asks first (server/index.ts in production, the SvelteKit hooks in
 * `vite dev`).
 */
export type Runtime = {
  config: Config;
  db: Db;
  dialect: Dialect;
  collab?: CollabService;
  close(): Promise<void>;
};

const KEY = Symbol.for('athar.runtime');
type Holder = { [KEY]?: Promise<Runtime> };

export async function createRuntime(
  config: Config = readConfig(),
  options: { backgroundCheckpoints?: boolean } = {}
): Promise<Runtime> {
  const { db, dialect } = connect({ ...config, ...options });
  await migrateToLatest(db);
  let closed: Promise<void> | undefined;
  return {
    config,
    db,
    dialect,
    close: () => (closed ??= db.destroy())
  };
}

/** The process's runtime, created on first use. */
export function getRuntime(): Promise<Runtime> {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= createRuntime());
}

export function setRuntime(runtime: Runtime): void {
  (globalThis as Holder)[KEY] = Promise.resolve(runtime);
}
