/**
 * The page's status and versions, kept fresh: others change them (a second person approves, an edit
 * after approval sends the page back to review), so they are read again every few seconds while the
 * tab is visible, and at once after our own actions.
 */
import { pageState, type PageState } from './page-api';

const EVERY_MS = 4000;

/** What every panel of a page's workflow (status, history) is given. */
export type PagePanelProps = {
  itemId: string;
  store: PageStateStore;
  /** A person's name, by user id. */
  nameOf: (id: string) => string;
  readOnly: boolean;
};

export class PageStateStore {
  current = $state<PageState | null>(null);
  failed = $state(false);
  readonly #itemId: string;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<void> | null = null;
  #again = false;

  constructor(itemId: string) {
    this.#itemId = itemId;
  }

  /** Reads the state; asked during a read, it reads once more after it (so an action's result shows). */
  refresh(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        const result = await pageState(this.#itemId);
        if (result.ok) this.current = result.data;
        this.failed = !result.ok;
      } while (this.#again);
    })().finally(() => (this.#running = null));
    return this.#running;
  }

  /** Starts polling; returns the teardown. */
  start(): () => void {
    void this.refresh();
    this.#timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, EVERY_MS);
    return () => clearInterval(this.#timer);
  }
}
