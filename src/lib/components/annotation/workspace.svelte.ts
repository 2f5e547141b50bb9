/**
 * Everything the annotated viewer shares between its parts (toolbar, finding panel, list,
 * presence): the room (with its offline copy), this person's undo history, the annotation list,
 * presence, and — once OpenSeadragon is up — Annotorious bound to the document. `attach(viewer)` /
 * `detach()` follow the viewer's life; `destroy()` leaves the room.
 */
import type OpenSeadragon from 'openseadragon';
import { AnnotationList } from '$lib/collab/annotations.svelte';
import { bindAnnotations } from '$lib/collab/bind-annotations';
import { setFindingField, type FindingWriter } from '$lib/collab/findings';
import { OwnHistory } from '$lib/collab/own-history.svelte';
import { Presence } from '$lib/collab/presence.svelte';
import { Room } from '$lib/collab/room.svelte';
import type { ImageSize } from '$lib/collab/selectors';
import { annotationsOf } from '$lib/model/document-schema';
import { shapeKind } from '$lib/model/selector';
import type { FindingField } from '$lib/model/injury';
import { FindingBin } from './bin.svelte';
import { mountAnnotator, type DrawMode, type MountedAnnotator } from './mount-annotator';
import PresenceLayer from '$lib/components/presence/PresenceLayer.svelte';
import { mountOverlay } from '$lib/components/viewer/overlay';
import ShapeLabels from './ShapeLabels.svelte';
import { COLOUR_BY, shapeLabels, type ColourBy } from './shape-labels';

export type WorkspaceUser = {
  id: string;
  name: string;
  expert: boolean;
  readOnly: boolean;
  /** Absent on a reviewer's blind layer: no more than a reviewer's rights are assumed. */
  role?: string;
};

export type WorkspaceOptions = {
  /** The annotation layer: `item/<itemId>` or a reviewer's blind layer (model/rooms.ts). */
  room: string;
  user: WorkspaceUser;
  image: ImageSize;
  /** Names of the people the page knows (collection members), by user id. */
  people: Record<string, string>;
};

const VIEWPORT_MS = 200;
/** This browser's choice of colouring (lesion type or author), kept across items. */
const COLOUR_BY_KEY = 'athar.colour-by';

export class AnnotationWorkspace {
  readonly room: Room;
  readonly history: OwnHistory;
  readonly list: AnnotationList;
  readonly presence: Presence;
  /** Deleting, the Deleted section, restores. */
  readonly bin: FindingBin;
  readonly user: WorkspaceUser;
  readonly image: ImageSize;
  mode = $state<DrawMode>('select');
  selectedId = $state<string | null>(null);
  /** Annotorious is mounted and bound. */
  ready = $state(false);
  colourBy = $state<ColourBy>(storedColourBy());
  /** Each shape's number and colour, the same on the image and in the list. */
  readonly labels = $derived.by(() => shapeLabels(this.list.items, this.colourBy));

  #people: Record<string, string>;
  #mounted: MountedAnnotator | null = null;
  #teardown: Array<() => void> = [];
  #attaching: OpenSeadragon.Viewer | null = null;
  #destroyed = false;

  constructor(options: WorkspaceOptions) {
    this.user = options.user;
    this.image = options.image;
    this.#people = { ...options.people, [options.user.id]: options.user.name };
    this.room = new Room(options.room, {
      userId: options.user.id,
      readOnly: options.user.readOnly,
      offline: true
    });
    this.history = new OwnHistory(annotationsOf(this.room.doc), options.user);
    this.list = new AnnotationList(this.room);
    this.presence = new Presence(this.room.awareness, options.user, (id) => this.#people[id]);
    this.bin = new FindingBin(this.room.doc, this.history, this.list, options.user, () => this.#mounted);
  }

  /** A person's name: known people, then anyone present, then a short id. */
  nameOf(userId: string | null): string {
    if (!userId) return '—';
    return (
      this.#people[userId] ??
      this.presence.peers.find((p) => p.user.id === userId)?.user.name ??
      `${userId.slice(0, 6)}…`
    );
  }

  async attach(viewer: OpenSeadragon.Viewer): Promise<void> {
    if (this.#attaching === viewer || this.#destroyed) return;
    this.detach();
    this.#attaching = viewer;
    const [mounted, { default: OSD }] = await Promise.all([
      mountAnnotator(viewer, {
        user: this.user,
        readOnly: this.user.readOnly,
        image: this.image,
        onSelect: (ids) => {
          this.selectedId = ids[0] ?? null;
          this.presence.setSelection(ids);
        }
      }),
      import('openseadragon')
    ]);
    if (this.#attaching !== viewer || this.#destroyed) {
      mounted.destroy(); // the viewer went away while Annotorious was loading
      return;
    }
    this.#mounted = mounted;
    this.#teardown.push(() => mounted.destroy());
    this.#teardown.push(
      bindAnnotations(mounted.annotator, this.room.doc, {
        origin: this.history.origin,
        user: this.user,
        image: this.image,
        readOnly: this.user.readOnly
      })
    );
    const Point = OSD.Point;
    this.#teardown.push(mountOverlay(viewer, PresenceLayer, { viewer, presence: this.presence, Point }));
    this.#teardown.push(mountOverlay(viewer, ShapeLabels, { viewer, workspace: this, Point }));
    this.#trackViewer(viewer, OSD.Point);
    mounted.setMode(this.mode);
    this.ready = true;
  }

  #trackViewer(viewer: OpenSeadragon.Viewer, Point: typeof OpenSeadragon.Point) {
    const toImage = (clientX: number, clientY: number) => {
      const box = viewer.element.getBoundingClientRect();
      const at = viewer.viewport.viewerElementToImageCoordinates(
        new Point(clientX - box.left, clientY - box.top)
      );
      return { x: at.x, y: at.y };
    };
    const onMove = (event: PointerEvent) => {
      const at = toImage(event.clientX, event.clientY);
      const inside = at.x >= 0 && at.y >= 0 && at.x <= this.image.width && at.y <= this.image.height;
      this.presence.setPointer(inside ? at : null);
    };
    const onLeave = () => this.presence.setPointer(null);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const publishViewport = () => {
      timer = null;
      const r = viewer.viewport.viewportToImageRectangle(viewer.viewport.getBounds(true));
      this.presence.setViewport({ x: r.x, y: r.y, w: r.width, h: r.height });
    };
    const onViewport = () => {
      timer ??= setTimeout(publishViewport, VIEWPORT_MS);
    };
    // The person's own gestures end following.
    const stopFollowing = () => (this.presence.following = null);
    const handlers = [
      ['viewport-change', onViewport],
      ['canvas-drag', stopFollowing],
      ['canvas-scroll', stopFollowing],
      ['canvas-key', stopFollowing]
    ] as const;
    viewer.element.addEventListener('pointermove', onMove);
    viewer.element.addEventListener('pointerleave', onLeave);
    for (const [name, fn] of handlers) viewer.addHandler(name, fn);
    onViewport();
    this.#teardown.push(() => {
      if (timer) clearTimeout(timer);
      viewer.element.removeEventListener('pointermove', onMove);
      viewer.element.removeEventListener('pointerleave', onLeave);
      for (const [name, fn] of handlers) viewer.removeHandler(name, fn);
    });

    // Follow a colleague: their viewport, as it changes, becomes ours.
    let lastFollowed = '';
    const follow = () => {
      const target = this.presence.peer(this.presence.following)?.viewport;
      if (!target) return;
      const key = JSON.stringify(target);
      if (key === lastFollowed) return;
      lastFollowed = key;
      const rect = viewer.viewport.imageToViewportRectangle(target.x, target.y, target.w, target.h);
      viewer.viewport.fitBounds(rect, false);
    };
    this.#teardown.push(
      $effect.root(() => {
        $effect(() => {
          if (this.presence.following === null) lastFollowed = '';
          else follow();
        });
        // Each shape in its own colour (lesion type or author), as the list shows it.
        $effect(() => this.#mounted?.setColours(this.labels));
        // Colleagues' selections, outlined in their colours.
        let shown = '';
        $effect(() => {
          const entries: Array<[string, string]> = [];
          for (const peer of this.presence.peers)
            for (const id of peer.selection) entries.push([id, peer.colour]);
          const key = JSON.stringify(entries);
          if (key === shown) return;
          shown = key;
          // A snapshot for Annotorious' style function, not state.
          // eslint-disable-next-line svelte/prefer-svelte-reactivity
          this.#mounted?.setHighlights(new Map(entries));
        });
      })
    );
  }

  setMode(mode: DrawMode): void {
    this.mode = this.user.readOnly ? 'select' : mode;
    this.#mounted?.setMode(this.mode);
  }

  /** Selects a finding and shows it: a fit for a shape, as close as allowed for a point. */
  focus(id: string): void {
    this.selectedId = id;
    const record = this.list.get(id);
    this.#mounted?.focus(id, !!record && shapeKind(record.target) === 'point');
  }

  setColourBy(by: ColourBy): void {
    this.colourBy = by;
    localStorage.setItem(COLOUR_BY_KEY, by);
  }

  select(id: string | null): void {
    this.#mounted?.select(id);
  }

  /** This person's writes to findings: their document, origin (undo) and rights. */
  get writer(): FindingWriter {
    return { doc: this.room.doc, origin: this.history.origin, user: this.user };
  }

  setField(id: string, field: FindingField, value: string): boolean {
    return setFindingField(this.writer, id, field, value);
  }

  /** Deletes one's own finding at once; a colleague's only after a confirmation with a reason. */
  remove(id: string): void {
    this.bin.remove(id);
  }

  detach(): void {
    this.#attaching = null;
    this.ready = false;
    for (const fn of this.#teardown.splice(0).reverse()) fn();
    this.#mounted = null;
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.detach();
    this.presence.destroy();
    this.list.destroy();
    this.history.destroy();
    this.room.destroy();
  }
}

function storedColourBy(): ColourBy {
  const stored = localStorage.getItem(COLOUR_BY_KEY);
  return COLOUR_BY.find((by) => by === stored) ?? 'lesion';
}
