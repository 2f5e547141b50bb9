/**
 * The collection grid's selection: which items are chosen (for a body, a queue), the anchor a
 * shift-click or shift-arrow extends from, and the keyboard's move rules. The pure parts (`rangeOf`,
 * `moveFocus`) are unit-tested; the class holds them as runes for the grid and the selection bar.
 */
import { SvelteSet } from 'svelte/reactivity';

/** As many items as one queue or body request takes (queue-input.ts MAX_SELECTION). */
export const MAX_SELECTION = 2000;

/** The ids from `from` to `to`, both included, in grid order (either direction). */
export function rangeOf(order: readonly string[], from: string, to: string): string[] {
  const a = order.indexOf(from);
  const b = order.indexOf(to);
  if (a < 0 || b < 0) return b < 0 ? [] : [to];
  return order.slice(Math.min(a, b), Math.max(a, b) + 1);
}

/**
 * Where an arrow key moves the focus in a grid of `columns` columns and `count` cards, or null
 * when the key is not a move. In right-to-left pages the left arrow goes forward.
 */
export function moveFocus(
  index: number,
  key: string,
  columns: number,
  count: number,
  rtl: boolean
): number | null {
  const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1, ArrowDown: columns, ArrowUp: -columns }[
    key
  ];
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  if (step === undefined) return null;
  return Math.min(count - 1, Math.max(0, index + step));
}

export class GridSelection {
  readonly ids = new SvelteSet<string>();
  anchor = $state<string | null>(null);
  /** Set when the selection hit MAX_SELECTION and stopped growing. */
  capped = $state(false);

  get size(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  #add(id: string): void {
    if (this.ids.size >= MAX_SELECTION) this.capped = true;
    else this.ids.add(id);
  }

  toggle(id: string): void {
    if (this.ids.has(id)) this.ids.delete(id);
    else this.#add(id);
    this.anchor = id;
  }

  /** Selects from the anchor to `id` (a shift-click), keeping what was selected before. */
  extend(order: readonly string[], id: string): void {
    for (const each of rangeOf(order, this.anchor ?? id, id)) this.#add(each);
    this.anchor ??= id;
  }

  addAll(ids: Iterable<string>): void {
    for (const id of ids) this.#add(id);
  }

  clear(): void {
    this.ids.clear();
    this.anchor = null;
    this.capped = false;
  }

  list(): string[] {
    return [...this.ids];
  }
}
