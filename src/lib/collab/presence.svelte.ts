/**
 * Live presence over y-protocols awareness: who is on the item, where their pointer is on the image
 * (image pixels), what they have selected and what part of the image they are looking at.
 *
 * Presence is self-declared by each client and shown, never trusted: every remote field is checked
 * and bounded, names are taken from the people the page knows when it knows the id, and colours
 * are derived from the user id here rather than read from the wire. Local changes are published at
 * most every PUBLISH_MS (the server closes a connection that floods presence).
 */
import type { Awareness } from 'y-protocols/awareness';
import { allocateColours } from './presence-colours';

export type ImagePoint = { x: number; y: number };
export type ImageRect = { x: number; y: number; w: number; h: number };
export type PresenceUser = { id: string; name: string };
export type Peer = {
  clientId: number;
  user: PresenceUser;
  colour: string;
  pointer: ImagePoint | null;
  selection: string[];
  viewport: ImageRect | null;
};
type LocalState = {
  user: PresenceUser;
  pointer: ImagePoint | null;
  selection: string[];
  viewport: ImageRect | null;
};

const PUBLISH_MS = 100;

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

function point(value: unknown): ImagePoint | null {
  const p = value as ImagePoint | null;
  return p && finite(p.x) && finite(p.y) ? { x: p.x, y: p.y } : null;
}

function rect(value: unknown): ImageRect | null {
  const r = value as ImageRect | null;
  return r && finite(r.x) && finite(r.y) && finite(r.w) && finite(r.h) && r.w > 0 && r.h > 0
    ? { x: r.x, y: r.y, w: r.w, h: r.h }
    : null;
}

export class Presence {
  peers = $state<Peer[]>([]);
  /** The client whose viewport this page follows. */
  following = $state<number | null>(null);
  readonly self: PresenceUser;
  /** This person's own colour on this screen. */
  colour = $state('');

  #awareness: Awareness;
  #names: (id: string) => string | undefined;
  #local: LocalState;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #dirty = false;
  #onChange = () => this.#read();

  constructor(awareness: Awareness, self: PresenceUser, names: (id: string) => string | undefined) {
    this.#awareness = awareness;
    this.#names = names;
    this.self = self;
    this.#local = { user: { id: self.id, name: self.name }, pointer: null, selection: [], viewport: null };
    awareness.setLocalState(this.#local);
    awareness.on('change', this.#onChange);
    this.#read();
  }

  #read() {
    const peers: Peer[] = [];
    this.#awareness.getStates().forEach((state, clientId) => {
      if (clientId === this.#awareness.clientID || !state) return;
      const user = state.user as { id?: unknown; name?: unknown } | undefined;
      if (!user || typeof user.id !== 'string' || user.id.length > 64) return;
      const claimed = typeof user.name === 'string' ? user.name.slice(0, 100) : '';
      const selection = Array.isArray(state.selection)
        ? (state.selection as unknown[]).filter((s): s is string => typeof s === 'string').slice(0, 20)
        : [];
      peers.push({
        clientId,
        user: { id: user.id, name: this.#names(user.id) ?? (claimed || '?') },
        colour: '',
        pointer: point(state.pointer),
        selection,
        viewport: rect(state.viewport)
      });
    });
    peers.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
    const colours = allocateColours([this.self.id, ...peers.map((p) => p.user.id)]);
    for (const peer of peers) peer.colour = colours.get(peer.user.id) as string;
    this.colour = colours.get(this.self.id) as string;
    this.peers = peers;
    if (this.following !== null && !peers.some((p) => p.clientId === this.following)) this.following = null;
  }

  /** The people on the item, one entry per person (someone may have two tabs open). */
  get people(): Peer[] {
    return this.peers.filter((p, i, all) => all.findIndex((q) => q.user.id === p.user.id) === i);
  }

  peer(clientId: number | null): Peer | undefined {
    return clientId === null ? undefined : this.peers.find((p) => p.clientId === clientId);
  }

  #publish() {
    this.#dirty = true;
    if (this.#timer) return;
    const flush = () => {
      this.#timer = null;
      if (!this.#dirty) return;
      this.#dirty = false;
      this.#awareness.setLocalState({ ...this.#local });
      this.#timer = setTimeout(flush, PUBLISH_MS);
    };
    flush();
  }

  setPointer(pointer: ImagePoint | null): void {
    const rounded = pointer && { x: Math.round(pointer.x), y: Math.round(pointer.y) };
    if (JSON.stringify(rounded) === JSON.stringify(this.#local.pointer)) return;
    this.#local.pointer = rounded;
    this.#publish();
  }

  setSelection(ids: string[]): void {
    if (ids.join() === this.#local.selection.join()) return;
    this.#local.selection = ids.slice(0, 20);
    this.#publish();
  }

  setViewport(viewport: ImageRect | null): void {
    const r = viewport && {
      x: Math.round(viewport.x),
      y: Math.round(viewport.y),
      w: Math.round(viewport.w),
      h: Math.round(viewport.h)
    };
    if (JSON.stringify(r) === JSON.stringify(this.#local.viewport)) return;
    this.#local.viewport = r;
    this.#publish();
  }

  destroy(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#awareness.off('change', this.#onChange);
  }
}
