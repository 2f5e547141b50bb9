/**
 * Exposure to revealed images, counted per browser tab across pages (sessionStorage), only while an
 * image is actually shown unprotected and the tab is visible. After the user's chosen minutes a
 * break is suggested; dismissing it starts the count again. 0 minutes: counted, never suggested.
 */
const KEY = 'athar.exposure.seconds';

function readStored(): number {
  try {
    const n = Number(sessionStorage.getItem(KEY));
    return Number.isFinite(n) && n >= 0 ? n : 0;
  } catch {
    return 0;
  }
}

export class ExposureTimer {
  seconds = $state(0);
  readonly limitSeconds: number;
  #exposed = false;
  #interval: ReturnType<typeof setInterval> | undefined;

  constructor(minutes: number) {
    this.limitSeconds = minutes * 60;
  }

  /** true once the limit is reached, until dismissed. */
  get due(): boolean {
    return this.limitSeconds > 0 && this.seconds >= this.limitSeconds;
  }

  start(): () => void {
    this.seconds = readStored();
    this.#interval = setInterval(() => this.#tick(), 1000);
    return () => clearInterval(this.#interval);
  }

  setExposed(exposed: boolean): void {
    this.#exposed = exposed;
  }

  dismiss(): void {
    this.seconds = 0;
    this.#store();
  }

  #tick(): void {
    if (!this.#exposed || document.visibilityState !== 'visible') return;
    this.seconds += 1;
    this.#store();
  }

  #store(): void {
    try {
      sessionStorage.setItem(KEY, String(this.seconds));
    } catch {
      // Storage can be unavailable (private modes); the count then lasts for this page only.
    }
  }
}
