/** The shared layer's annotations as reactive plain records, refreshed on every document change. */
import type * as Y from 'yjs';
import { annotationsOf, readAnnotations, type AnnotationRecord } from '$lib/model/document-schema';

export class AnnotationList {
  items = $state<AnnotationRecord[]>([]);
  #doc: Y.Doc;
  #queued = false;
  #destroyed = false;
  #refresh = () => {
    // One read per burst of transactions (a sync can bring hundreds at once).
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      if (!this.#destroyed) this.items = readAnnotations(this.#doc);
    });
  };

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    this.items = readAnnotations(doc);
    annotationsOf(doc).observeDeep(this.#refresh);
  }

  get(id: string | null): AnnotationRecord | undefined {
    return id === null ? undefined : this.items.find((a) => a.id === id);
  }

  destroy(): void {
    this.#destroyed = true;
    annotationsOf(this.#doc).unobserveDeep(this.#refresh);
  }
}
