/**
 * Keeps an assignment's lease alive while its page is open: renewed every few minutes (the lease
 * runs for half an hour) and again when the tab comes back after a while in the background. A
 * refused renewal means the lease has ended: the slot may be someone else's now.
 */
import { renew } from './queue-api';

const RENEW_MS = 4 * 60_000;

export class Lease {
  lost = $state(false);
  until = $state(0);
  #timer: ReturnType<typeof setInterval>;
  #last = Date.now();
  #stopped = false;
  #onVisible = () => {
    if (document.visibilityState === 'visible' && Date.now() - this.#last > 60_000) void this.renew();
  };

  readonly assignmentId: string;

  constructor(assignmentId: string, until: number) {
    this.assignmentId = assignmentId;
    this.until = until;
    this.#timer = setInterval(() => void this.renew(), RENEW_MS);
    document.addEventListener('visibilitychange', this.#onVisible);
  }

  async renew(): Promise<void> {
    if (this.#stopped || this.lost) return;
    this.#last = Date.now();
    const result = await renew(this.assignmentId);
    if (this.#stopped) return;
    if (result.ok) this.until = result.until;
    else if (result.status === 409 || result.status === 404) this.lost = true;
    // Anything else (offline, a restart): the next round tries again.
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
    document.removeEventListener('visibilitychange', this.#onVisible);
  }
}
