/**
 * One person's live session on an item's shared layer: the Yjs document, its offline copy, the
 * provider, the connection state and unsynced count, and their own undo history.
 *
 * Invariants:
 * - Every change this person makes is a transaction with `origin` (one object per session); the
 *   undo manager tracks that origin only, so undo never takes back a colleague's work.
 * - The provider connects only after the offline copy has loaded (see sync-tracker.ts).
 * - `destroy()` is idempotent and leaves the room (presence removed, socket closed).
 */
import type { Awareness } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { annotationsOf } from '$lib/model/document-schema';
import { itemRoom } from '$lib/model/rooms';
import { createProvider, loadCarried, openOfflineStore, saveCarried, type OfflineStore } from './provider';
import { trackSync, type ConnectionStatus, type SyncTracker } from './sync-tracker';

export type SessionUser = { id: string; name: string; expert: boolean; readOnly: boolean };

/** The origin of this person's own transactions. */
export type LocalOrigin = { readonly kind: 'athar-local'; readonly userId: string };

export class CollabSession {
  readonly doc = new Y.Doc();
  readonly room: string;
  readonly user: SessionUser;
  readonly origin: LocalOrigin;
  readonly provider: WebsocketProvider;
  readonly awareness: Awareness;
  status = $state<ConnectionStatus>('connecting');
  unsynced = $state(0);
  canUndo = $state(false);
  canRedo = $state(false);
  /** The offline copy has been loaded (or found unavailable). */
  loaded = $state(false);

  #offline: OfflineStore;
  #tracker: SyncTracker;
  #undo: Y.UndoManager;
  #destroyed = false;

  constructor(itemId: string, user: SessionUser) {
    this.room = itemRoom(itemId);
    this.user = user;
    this.origin = Object.freeze({ kind: 'athar-local', userId: user.id });
    this.#offline = openOfflineStore(user.id, this.room, this.doc);
    this.provider = createProvider(this.room, this.doc);
    this.awareness = this.provider.awareness;
    this.#tracker = trackSync(this.provider, this.doc, {
      readOnly: user.readOnly,
      isLocal: (origin) => origin !== this.provider && origin !== this.#offline.origin,
      carried: user.readOnly ? 0 : loadCarried(user.id, this.room),
      onChange: (state) => {
        this.status = state.status;
        this.unsynced = state.unsynced;
        if (!user.readOnly) saveCarried(user.id, this.room, state.unsynced);
      }
    });
    this.unsynced = this.#tracker.state.unsynced;
    this.#undo = new Y.UndoManager(annotationsOf(this.doc), {
      // Yjs' own option, read once: not state.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      trackedOrigins: new Set([this.origin]),
      captureTimeout: 400
    });
    const stacks = () => {
      this.canUndo = this.#undo.undoStack.length > 0;
      this.canRedo = this.#undo.redoStack.length > 0;
    };
    this.#undo.on('stack-item-added', stacks);
    this.#undo.on('stack-item-popped', stacks);
    this.#undo.on('stack-cleared', stacks);
    void this.#offline.loaded.then(() => {
      if (this.#destroyed) return;
      this.loaded = true;
      this.provider.connect();
    });
  }

  /** Runs `fn` as one undoable change of this person's. */
  change(fn: () => void): void {
    if (this.user.readOnly) return;
    this.doc.transact(fn, this.origin);
  }

  undo(): void {
    if (!this.user.readOnly) this.#undo.undo();
  }

  redo(): void {
    if (!this.user.readOnly) this.#undo.redo();
  }

  /** Ends the current undo step: the next change is undone on its own. */
  stopCapturing(): void {
    this.#undo.stopCapturing();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#tracker.destroy();
    this.#undo.destroy();
    this.awareness.setLocalState(null);
    this.provider.destroy();
    this.#offline.destroy();
    this.doc.destroy();
  }
}
