/**
 * The live state of one item's adjudication: the review layers (read-only rooms), the shared layer
 * `item/<itemId>` (a normal room: several adjudicators decide together), and the decisions. What a
 * decision writes is the document module's business (model/document/adjudication.ts).
 */
import {
  adjudicationOf,
  clearDecision,
  readDecisions,
  writeDecision,
  type AnnotationRecord,
  type Decision,
  type Group,
  type Member
} from '$lib/model/document-schema';
import { FINDING_FIELDS, type Finding, type FindingField } from '$lib/model/injury';
import { itemRoom } from '$lib/model/rooms';
import { AnnotationList } from '$lib/collab/annotations.svelte';
import { Room } from '$lib/collab/room.svelte';

export type { Group, Member };
export type Review = { assignmentId: string; name: string; room: string };
/** For a merge: which member each field (and the region) is taken from, by member index. */
export type Picks = { target: number; fields: Partial<Record<FindingField, number>> };

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
    adjudicationOf(this.shared.doc).observe(this.#onDecisions);
    this.#readDecisions();
  }

  #readDecisions() {
    this.decisions = readDecisions(this.shared.doc);
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
    const annotation = { target: record.target, finding: record.finding };
    return this.#write(group, 'accepted', annotation, member.assignmentId);
  }

  /** A merge and a rejection say why (the document module refuses them without a reason). */
  merge(group: Group, picks: Picks, reason: string): boolean {
    const records = group.members.map((m) => this.finding(m));
    const target = records[picks.target]?.target;
    if (!target) return false;
    const finding: Finding = {};
    for (const field of FINDING_FIELDS) {
      const from = picks.fields[field];
      const value = from === undefined ? undefined : records[from]?.finding[field];
      if (value !== undefined && value !== '') finding[field] = value;
    }
    return this.#write(group, 'merged', { target, finding }, null, reason);
  }

  reject(group: Group, reason: string): boolean {
    return this.#write(group, 'rejected', null, null, reason);
  }

  /** Takes a decision back: its annotation leaves the shared layer. */
  clear(group: Group): void {
    clearDecision(this.shared.doc, group.key, this.#origin);
  }

  #write(
    group: Group,
    decision: Decision['decision'],
    annotation: Pick<AnnotationRecord, 'target' | 'finding'> | null,
    from: string | null = null,
    reason?: string
  ): boolean {
    const by = { userId: this.#user.id, from, origin: this.#origin, reason };
    return writeDecision(this.shared.doc, group, decision, annotation, by);
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
    adjudicationOf(this.shared.doc).unobserve(this.#onDecisions);
    for (const list of [...this.#findings, this.sharedFindings]) list.destroy();
    for (const layer of this.layers) layer.destroy();
    this.shared.destroy();
  }
}
