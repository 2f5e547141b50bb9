/**
 * The browser's side of the exposure ledger: counts the seconds a subject's images (an item in the
 * viewer, a body's photos on the body page) are shown unprotected while
 * the tab is visible and reports them to the server (`POST /api/me/exposure`) every BEAT_SECONDS
 * and when the page goes away. The server bounds what it credits by wall time; this client only
 * says how much of that time the image was actually unprotected.
 */
import { BEAT_MAX_SECONDS, beatBody, type ExposureSubject, type MyExposure } from '$lib/model/exposure';

const BEAT_SECONDS = 30;

export class ExposureLedger {
  exposure = $state<MyExposure | null>(null);
  /** Seconds counted and not yet reported. */
  pending = $state(0);
  #exposed = false;
  readonly #subject: ExposureSubject;

  constructor(subject: ExposureSubject) {
    this.#subject = subject;
  }

  /** Loads today's figures and starts counting; the returned function reports the rest and stops. */
  start(): () => void {
    void this.#load();
    const interval = setInterval(() => this.#tick(), 1000);
    const flush = () => this.#beat(true);
    addEventListener('pagehide', flush);
    return () => {
      clearInterval(interval);
      removeEventListener('pagehide', flush);
      flush();
    };
  }

  setExposed(exposed: boolean): void {
    this.#exposed = exposed;
  }

  async dismissBreak(): Promise<void> {
    const response = await fetch('/api/me/exposure/break', { method: 'POST' });
    if (response.ok) this.exposure = (await response.json()) as MyExposure;
  }

  async #load(): Promise<void> {
    const response = await fetch('/api/me/exposure');
    if (response.ok) this.exposure = (await response.json()) as MyExposure;
  }

  #tick(): void {
    if (!this.#exposed || document.visibilityState !== 'visible') return;
    this.pending += 1;
    if (this.pending >= BEAT_SECONDS) this.#beat(false);
  }

  #beat(leaving: boolean): void {
    const seconds = Math.min(this.pending, BEAT_MAX_SECONDS);
    if (seconds < 1) return;
    this.pending -= seconds;
    const body = JSON.stringify(beatBody(this.#subject, seconds));
    // keepalive: the last report of a page that is closing still arrives.
    const sent = fetch('/api/me/exposure', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      keepalive: leaving
    });
    if (leaving) return;
    void sent
      .then(async (response) => {
        if (response.ok) this.exposure = ((await response.json()) as { exposure: MyExposure }).exposure;
      })
      .catch(() => {
        // Offline: these seconds are not recorded; the ledger under-counts rather than guesses.
      });
  }
}
