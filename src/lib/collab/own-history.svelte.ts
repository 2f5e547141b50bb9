/**
 * One person's own undo history in a room.
 *
 * Invariant: every change this person makes is a transaction with `origin` (one object per
 * history); the undo manager tracks that origin only, so undo never takes back a colleague's work.
 */
import * as Y from 'yjs';

/** The origin of this person's own transactions. */
export type LocalOrigin = { readonly kind: 'athar-local'; readonly userId: string };

export class OwnHistory {
  readonly origin: LocalOrigin;
  canUndo = $state(false);
  canRedo = $state(false);
  #readOnly: boolean;
  #undo: Y.UndoManager;

  constructor(
    scope: ConstructorParameters<typeof Y.UndoManager>[0],
    user: { id: string; readOnly: boolean }
  ) {
    this.#readOnly = user.readOnly;
    this.origin = Object.freeze({ kind: 'athar-local', userId: user.id });
    this.#undo = new Y.UndoManager(scope, {
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
  }

  undo(): void {
    if (!this.#readOnly) this.#undo.undo();
  }

  redo(): void {
    if (!this.#readOnly) this.#undo.redo();
  }

  /** Ends the current undo step: the next change is undone on its own. */
  stopCapturing(): void {
    this.#undo.stopCapturing();
  }

  destroy(): void {
    this.#undo.destroy();
  }
}
