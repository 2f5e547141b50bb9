/**
 * The live state of one item's adjudication: the review layers (read-only rooms), the shared layer
 * `item/<itemId>` (a normal room: several adjudicators decide together), and the decisions.
 *
 * What a decision writes in the shared layer, in one transaction:
 * - accept / merge: an annotation (target, finding, created/updated by and at) plus `sources`, a
 *   JSON string holding `[{ assignmentId, annotationId }]`: the review findings it came from;
 * - every decision: an entry of the `adjudication` map, keyed by the group (its members'
 *   `assignmentId:annotationId`, sorted, joined by `+`): `{ decision, annotationId, from, by, at }`, so
 *   that a rejection is shared and kept too.
 * The annotation's id is derived from the group (its first member's annotation id), so two
 * adjudicators accepting the same group at once write the same key and end with one annotation.
 */
import * as Y from 'yjs';
import { annotationsOf, type AnnotationRecord } from '$lib/model/document-schema';
import { itemRoom } from '$lib/model/rooms';
import { FINDING_FIELDS, type Finding, type FindingField } from '$lib/model/injury';
import { AnnotationList } from '$lib/collab/annotations.svelte';
import { Room } from '$lib/collab/room.svelte';

export type Member = { assignmentId: string; annotationId: string };
export type Group = { key: string; members: Member[] };
export type Review = { assignmentId: string; name: string; room: string };
export type DecisionKind = 'accepted' | 'merged' | 'rejected';
export type Decision = {
  decision: DecisionKind;
  annotationId: string | null;
  /** For an acceptance: the review whose finding was taken. */
  from: string | null;
  by: string;
  at: number;
};
/** For a merge: which member each field (and the region) is taken from, by member index. */
export type Picks = { target: number; fields: Partial<Record<FindingField, number>> };

export const ADJUDICATION = 'adjudication';

function isDecision(value: unknown): value is Decision {
  const d = value as Decision | null;
  return (
    !!d &&
    (d.decision === 'accepted' || d.decision === 'merged' || d.decision === 'rejected') &&
    typeof d.by === 'string' &&
    typeof d.at === 'number'
  );
}

export class Adjudication {
  readonly reviews: Review[];
  /** The review layers' rooms (read-only) and their findings, in the order of `reviews`. */
  readonly layers: Room[];
  readonly #findings: AnnotationList[];
  readonly shared: Room;
  readonly sharedFindings: AnnotationList;
  decisions = $state.raw<Record<string, Decision>>({});
  /** Names of the other adjudicators on the shared layer now. */
  others = $state.raw<string[]>([]);
  readonly #user: { id: string; name: string };
  readonly #people: Record<string, string>;
  readonly #origin: { readonly kind: 'athar-adjudication'; readonly userId: string };
  #onDecisions = () => this.#readDecisions();
  #onPeers = () => this.#readPeers();

  constructor(options: {
    itemId: string;
    reviews: Review[];
    initial: Array<{ assignmentId: string; records: AnnotationRecord[] }>;
    user: { id: string; name: string };
    /** Names the page knows, by user id: preferred over the name a peer announces. */
    people: Record<string, string>;
  }) {
    this.#people = options.people;
    this.reviews = options.reviews;
    this.#user = options.user;
    this.#origin = Object.freeze({ kind: 'athar-adjudication', userId: options.user.id });
    const user = { userId: options.user.id };
    this.layers = options.reviews.map((r) => new Room(r.room, { ...user, readOnly: true }));
    this.#findings = options.reviews.map(
      (r, i) =>
        new AnnotationList(
          this.layers[i] as Room,
          options.initial.find((l) => l.assignmentId === r.assignmentId)?.records ?? []
        )
    );
    this.shared = new Room(itemRoom(options.itemId), { ...user, readOnly: false });
    this.sharedFindings = new AnnotationList(this.shared, []);
    // Presence in the shared layer, in the shape the annotation view reads.
    this.shared.provider.awareness.setLocalState({
      user: { id: options.user.id, name: options.user.name },
      pointer: null,
      selection: [],
      viewport: null
    });
    this.shared.provider.awareness.on('change', this.#onPeers);
    this.#map().observe(this.#onDecisions);
    this.#readDecisions();
  }

  #map(): Y.Map<unknown> {
    return this.shared.doc.getMap(ADJUDICATION);
  }

  #readDecisions() {
    const out: Record<string, Decision> = {};
    this.#map().forEach((value, key) => {
      if (isDecision(value)) out[key] = value;
    });
    this.decisions = out;
  }

  /** The review's index (its colour) and the finding as the layer holds it now. */
  reviewIndex(assignmentId: string): number {
    return this.reviews.findIndex((r) => r.assignmentId === assignmentId);
  }

  finding(member: Member): AnnotationRecord | undefined {
    return this.#findings[this.reviewIndex(member.assignmentId)]?.get(member.annotationId);
  }

  /** Every layer has loaded, and the shared one can be written. */
  get ready(): boolean {
    return this.shared.synced && this.layers.every((l) => l.synced);
  }

  accept(group: Group, index: number): boolean {
    const member = group.members[index];
    const record = member && this.finding(member);
    if (!record) return false;
    return this.#write(
      group,
      'accepted',
      { target: record.target, finding: record.finding },
      member.assignmentId
    );
  }

  merge(group: Group, picks: Picks): boolean {
    const records = group.members.map((m) => this.finding(m));
    const target = records[picks.target]?.target;
    if (!target) return false;
    const finding: Finding = {};
    for (const field of FINDING_FIELDS) {
      const from = picks.fields[field];
      const value = from === undefined ? undefined : records[from]?.finding[field];
      if (value !== undefined && value !== '') finding[field] = value;
    }
    return this.#write(group, 'merged', { target, finding });
  }

  reject(group: Group): boolean {
    return this.#write(group, 'rejected', null);
  }

  /** Takes a decision back: its annotation leaves the shared layer. */
  clear(group: Group): void {
    this.shared.doc.transact(() => {
      const previous = this.decisions[group.key];
      if (previous?.annotationId) annotationsOf(this.shared.doc).delete(previous.annotationId);
      this.#map().delete(group.key);
    }, this.#origin);
  }

  #write(
    group: Group,
    decision: DecisionKind,
    annotation: { target: AnnotationRecord['target']; finding: Finding } | null,
    from: string | null = null
  ): boolean {
    const first = group.members[0];
    if (!first) return false;
    const id = first.annotationId;
    const now = Date.now();
    const annotations = annotationsOf(this.shared.doc);
    this.shared.doc.transact(() => {
      if (annotation) {
        const map = new Y.Map<unknown>();
        map.set('target', JSON.stringify(annotation.target));
        const finding = new Y.Map<unknown>();
        for (const field of FINDING_FIELDS) {
          const value = annotation.finding[field];
          if (value !== undefined) finding.set(field, value);
        }
        map.set('finding', finding);
        map.set('createdBy', this.#user.id);
        map.set('createdAt', now);
        map.set('updatedBy', this.#user.id);
        map.set('updatedAt', now);
        map.set('sources', JSON.stringify(group.members.map((m) => ({ ...m }))));
        annotations.set(id, map);
      } else if (annotations.has(id)) {
        annotations.delete(id);
      }
      const entry: Decision = {
        decision,
        annotationId: annotation ? id : null,
        from,
        by: this.#user.id,
        at: now
      };
      this.#map().set(group.key, entry);
    }, this.#origin);
    return true;
  }

  #readPeers() {
    const names: string[] = [];
    this.shared.provider.awareness.getStates().forEach((state, clientId) => {
      if (clientId === this.shared.doc.clientID) return;
      const user = (state as { user?: { id?: unknown; name?: unknown } }).user;
      if (!user || typeof user.id !== 'string' || user.id === this.#user.id) return;
      const name = this.#people[user.id] ?? (typeof user.name === 'string' ? user.name : null);
      if (name) names.push(name.slice(0, 80));
    });
    this.others = names.filter((name, i) => names.indexOf(name) === i).sort();
  }

  destroy(): void {
    this.shared.provider.awareness.off('change', this.#onPeers);
    this.#map().unobserve(this.#onDecisions);
    for (const list of [...this.#findings, this.sharedFindings]) list.destroy();
    for (const layer of this.layers) layer.destroy();
    this.shared.destroy();
  }
}
