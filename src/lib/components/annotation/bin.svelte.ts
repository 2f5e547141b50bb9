/**
 * Deleting and restoring findings in the browser. Deleting marks the finding (a tombstone): one's
 * own at once, a colleague's only after a confirmation with a reason. Restores (a tombstone taken
 * away, an earlier value from the history written back) use their own origin, not this person's
 * LOCAL one, so that the Annotorious binding draws the shape that comes back.
 */
import type * as Y from 'yjs';
import { REMOTE } from '$lib/collab/bind-annotations';
import type { AnnotationList } from '$lib/collab/annotations.svelte';
import { setFindingField } from '$lib/collab/findings';
import type { OwnHistory } from '$lib/collab/own-history.svelte';
import {
  mayRestore,
  removeAnnotation,
  restoreAnnotation,
  setAnnotationTarget,
  type AnnotationRecord
} from '$lib/model/document-schema';
import { FINDING_FIELDS } from '$lib/model/injury';
import { parseTarget } from '$lib/model/selector';
import type { MountedAnnotator } from './mount-annotator';
import type { WorkspaceUser } from './workspace.svelte';

const RESTORE = Object.freeze({ kind: 'athar-restore' });

export class FindingBin {
  /** A colleague's finding this person asked to delete: the confirmation (with a reason) is open. */
  confirming = $state<AnnotationRecord | null>(null);

  readonly #doc: Y.Doc;
  readonly #history: OwnHistory;
  readonly #list: AnnotationList;
  readonly #user: WorkspaceUser;
  readonly #mounted: () => MountedAnnotator | null;

  constructor(
    doc: Y.Doc,
    history: OwnHistory,
    list: AnnotationList,
    user: WorkspaceUser,
    mounted: () => MountedAnnotator | null
  ) {
    this.#doc = doc;
    this.#history = history;
    this.#list = list;
    this.#user = user;
    this.#mounted = mounted;
  }

  remove(id: string): void {
    const record = this.#list.get(id);
    if (this.#user.readOnly || !record) return;
    if (record.createdBy && record.createdBy !== this.#user.id) this.confirming = record;
    else this.removeNow(id, null);
  }

  /** Marks the finding deleted and takes its shape off the image. */
  removeNow(id: string, reason: string | null): void {
    if (this.#user.readOnly) return;
    this.#history.stopCapturing(); // a deletion is undone on its own, never with the edit before it
    this.#mounted()?.select(null);
    if (!removeAnnotation(this.#doc, id, { userId: this.#user.id, reason }, this.#history.origin)) return;
    // The binding skips this person's own transactions: the shape goes here, as REMOTE.
    const store = this.#mounted()?.annotator.state.store;
    if (store?.getAnnotation(id)) store.deleteAnnotation(id, REMOTE);
  }

  mayRestore(record: AnnotationRecord): boolean {
    const user = { ...this.#user, role: this.#user.role ?? 'reviewer' };
    return (
      !this.#user.readOnly &&
      mayRestore(user, { createdBy: record.createdBy, deletedBy: record.deleted?.by ?? null })
    );
  }

  restore(id: string): void {
    if (!this.#user.readOnly) restoreAnnotation(this.#doc, id, RESTORE);
  }

  /** Writes an earlier value of a field (from the history) as a new edit; false when not possible. */
  restoreValue(id: string, field: string, value: string | number | boolean | null): boolean {
    if (this.#user.readOnly) return false;
    if (field === 'target') {
      const target = parseTarget(value);
      return target.ok && setAnnotationTarget(this.#doc, id, target.selector, this.#user.id, RESTORE);
    }
    const finding = FINDING_FIELDS.find((f) => `finding.${f}` === field);
    const writer = { doc: this.#doc, origin: this.#history.origin, user: this.#user };
    return finding !== undefined && setFindingField(writer, id, finding, value === null ? '' : String(value));
  }
}
