import * as Y from 'yjs';
import type { RoomName } from '../../../model/rooms.ts';
import type { UpdateStruct } from './decode.ts';
import { childContainer, rootContainer, type Container } from './schema.ts';
import { refuse, type Refusal } from './types.ts';

/** Where an item lands: a container and, for map entries, its key. */
export type Place = { container: Container; key: string | null };
/** Yjs turns the item into garbage (its neighbour or parent is gone): nothing of it is readable. */
export const DISCARDED = 'discarded';
export type Placement = Place | typeof DISCARDED | Refusal;

/** Beyond this many levels an existing container is not written to (legacy poison). */
export const MAX_DEPTH = 32;

/**
 * Resolves items to their place the way Yjs's Item.getMissing does (explicit parent, else the left
 * neighbour's, else the right one's), looking in the stored document or in the update. Items must be
 * placed in integration order: an update item's neighbours and parent are placed before it. Costs
 * O(1) per item (and at most MAX_DEPTH steps per stored container, once).
 */
export class Places {
  readonly #doc: Y.Doc;
  readonly #byClient: Map<number, UpdateStruct[]>;
  readonly #placed = new Map<Y.Item, Place | typeof DISCARDED>();
  readonly #created = new Map<Y.Item, Container>();
  readonly #stored = new Map<Y.AbstractType<unknown>, Container | Refusal>();
  readonly #room: RoomName['kind'];

  constructor(doc: Y.Doc, byClient: Map<number, UpdateStruct[]>, room: RoomName['kind']) {
    this.#doc = doc;
    this.#byClient = byClient;
    this.#room = room;
  }

  /** The struct holding `id`: stored ones from the document, new ones from the update. */
  #find(id: Y.ID): UpdateStruct | undefined {
    if (id.clock < Y.getState(this.#doc.store, id.client)) {
      const structs = this.#doc.store.clients.get(id.client) as Array<Y.Item | Y.GC>;
      return structs[Y.findIndexSS(structs, id.clock)];
    }
    const list = this.#byClient.get(id.client) ?? [];
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const struct = list[mid] as UpdateStruct;
      if (id.clock < struct.id.clock) high = mid - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = mid + 1;
      else return struct;
    }
    return undefined;
  }

  #isStored(item: Y.Item): boolean {
    return !this.#placed.has(item) && item.id.clock < Y.getState(this.#doc.store, item.id.client);
  }

  /** The place of a neighbour: the update's own resolution, or the stored item's parent. */
  #placeOf(item: Y.Item): Placement {
    const placed = this.#placed.get(item);
    if (placed) return placed;
    if (!this.#isStored(item)) return DISCARDED;
    const container = this.storedContainer(item.parent as Y.AbstractType<unknown>);
    return 'ok' in container ? container : { container, key: item.parentSub };
  }

  /** The container a type item opens, wherever the item lives; DISCARDED when it opens none. */
  #opened(item: UpdateStruct | undefined): Container | typeof DISCARDED | Refusal {
    if (!(item instanceof Y.Item) || !(item.content instanceof Y.ContentType)) return DISCARDED;
    if (this.#isStored(item)) return this.storedContainer(item.content.type);
    return this.#created.get(item) ?? DISCARDED;
  }

  place(item: Y.Item, offset: number): Placement {
    const placement = this.#resolve(item, offset);
    if (placement === DISCARDED || !('ok' in placement)) this.#placed.set(item, placement);
    return placement;
  }

  /** Records the container a new type item opens (after the schema accepted it). */
  opens(item: Y.Item, container: Container): void {
    this.#created.set(item, container);
  }

  #resolve(item: Y.Item, offset: number): Placement {
    const parent = item.parent as unknown;
    // Yjs then takes the stored struct before the new part as the left neighbour but keeps the
    // explicit parent: the two could disagree, and no honest encoder writes it.
    if (offset > 0 && parent !== null) return refuse('malformed', 'an overlapping item names its parent');
    const leftId = offset > 0 ? Y.createID(item.id.client, item.id.clock + offset - 1) : item.origin;
    const left = leftId ? this.#find(leftId) : undefined;
    const right = item.rightOrigin ? this.#find(item.rightOrigin) : undefined;
    if (left instanceof Y.GC || right instanceof Y.GC) return DISCARDED;
    if (parent === null) {
      const neighbour = left ?? right;
      return neighbour instanceof Y.Item ? this.#placeOf(neighbour) : DISCARDED;
    }
    if (typeof parent === 'string') {
      const container = rootContainer(parent, this.#room);
      return 'ok' in container ? container : { container, key: item.parentSub };
    }
    const container = this.#opened(this.#find(parent as Y.ID));
    if (container === DISCARDED || 'ok' in container) return container;
    return { container, key: item.parentSub };
  }

  /** A stored type's container, found by walking up to its root (memoised, bounded). */
  storedContainer(type: Y.AbstractType<unknown>): Container | Refusal {
    const chain: Y.AbstractType<unknown>[] = [];
    let top = type;
    while (top._item !== null && !this.#stored.has(top)) {
      chain.push(top);
      if (chain.length > MAX_DEPTH) return refuse('too-deep', `writes below ${MAX_DEPTH} levels`);
      top = top._item.parent as Y.AbstractType<unknown>;
    }
    let container = this.#stored.get(top) ?? rootContainer(Y.findRootTypeKey(top), this.#room);
    this.#stored.set(top, container);
    for (let i = chain.length - 1; i >= 0 && !('ok' in container); i--) {
      const child = chain[i] as Y.AbstractType<unknown>;
      container = childContainer(container, (child._item as Y.Item).parentSub, child);
      this.#stored.set(child, container);
    }
    return container;
  }
}
