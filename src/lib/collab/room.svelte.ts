/**
 * The browser's side of one room (`/collab/<name>`, names in model/rooms.ts): one Y.Doc on the
 * stock y-websocket provider (the browser sends the session cookie and our Origin on the upgrade),
 * an optional offline copy in IndexedDB, and as runes the connection status and the count of local
 * changes the server has not yet received (sync-tracker.ts). Every page that opens a room opens it
 * here: one back-off, one set of status names.
 *
 * Invariants:
 * - With an offline copy, the provider connects only after the copy has loaded: the tracker's
 *   carried count is acknowledged by the first round after connecting (see sync-tracker.ts).
 * - Each tab talks to the server (no BroadcastChannel): what a page shows has been through the
 *   server, or is its own.
 * - `destroy()` is idempotent (a page can be torn down twice) and leaves the room: presence
 *   removed, socket closed.
 */
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { loadCarried, openOfflineStore, saveCarried, type OfflineStore } from './offline-store';
import { trackSync, type ConnectionStatus, type SyncTracker } from './sync-tracker';

export type { ConnectionStatus } from './sync-tracker';

export type RoomOptions = {
  /** Who is in the room: an offline copy and its unsent count belong to this person alone. */
  userId: string;
  /** Never writes here (an observer, a colleague's review layer): nothing is ever counted unsent. */
  readOnly: boolean;
  /** Keep a copy in IndexedDB, so that edits made offline survive a reload. */
  offline?: boolean;
};

/** The longest wait between two reconnection attempts. */
const MAX_BACKOFF_MS = 4000;
const SETTLE_MS = 15_000;

/** `ws(s)://<this origin>/collab`; the provider appends `/<room>`. */
function collabServerUrl(): string {
  return `${location.origin.replace(/^http/, 'ws')}/collab`;
}

/** The close code of a socket whose access the server withdrew (collab/recheck.ts, validation.ts). */
const ACCESS_WITHDRAWN = 4403;

export class Room {
  readonly name: string;
  readonly readOnly: boolean;
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  status = $state<ConnectionStatus>('connecting');
  /** Local changes the server has not yet received. */
  unsynced = $state(0);
  /** The first sync with the server is complete (stays true across reconnections). */
  synced = $state(false);
  /**
   * The server closed the socket because access was withdrawn (4403: a disabled user, a lost
   * membership, a refused write), and no connection has succeeded since. Not "offline": edits kept
   * here will never reach the server under this account.
   */
  withdrawn = $state(false);

  #offline: OfflineStore | null;
  #tracker: SyncTracker;
  #destroyed = false;

  constructor(name: string, options: RoomOptions) {
    this.name = name;
    this.readOnly = options.readOnly;
    this.#offline = options.offline ? openOfflineStore(options.userId, name, this.doc) : null;
    this.provider = new WebsocketProvider(collabServerUrl(), name, this.doc, {
      connect: false,
      disableBc: true,
      maxBackoffTime: MAX_BACKOFF_MS
    });
    const carries = !!this.#offline && !options.readOnly;
    const fromCopy = this.#offline?.origin ?? {};
    this.#tracker = trackSync(this.provider, this.doc, {
      readOnly: options.readOnly,
      isLocal: (origin) => origin !== this.provider && origin !== fromCopy,
      carried: carries ? loadCarried(options.userId, name) : 0,
      onChange: (state) => {
        this.status = state.status;
        this.unsynced = state.unsynced;
        if (carries) saveCarried(options.userId, name, state.unsynced);
      }
    });
    this.unsynced = this.#tracker.state.unsynced;
    this.provider.on('sync', (isSynced: boolean) => {
      if (isSynced) this.synced = true;
    });
    this.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event?.code === ACCESS_WITHDRAWN) this.withdrawn = true;
    });
    this.provider.on('status', (event: { status: string }) => {
      if (event.status === 'connected') this.withdrawn = false;
    });
    if (!this.#offline) this.provider.connect();
    else
      void this.#offline.loaded.then(() => {
        if (!this.#destroyed) this.provider.connect();
      });
  }

  get awareness() {
    return this.provider.awareness;
  }

  /** Resolves true once the server has everything changed here; false if it does not in 15 s. */
  settled(): Promise<boolean> {
    return new Promise((resolve) => {
      const deadline = setTimeout(() => finish(false), SETTLE_MS);
      let stop = () => {};
      const finish = (ok: boolean) => {
        clearTimeout(deadline);
        stop();
        resolve(ok);
      };
      stop = $effect.root(() => {
        $effect(() => {
          if (this.status === 'connected' && this.synced && this.unsynced === 0)
            queueMicrotask(() => finish(true));
        });
      });
    });
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#tracker.destroy();
    this.provider.awareness.setLocalState(null);
    this.provider.destroy();
    this.#offline?.destroy();
    this.doc.destroy();
  }
}
