/**
 * Time bounds for bench steps: a step whose condition is never reached fails loudly, naming the
 * step, instead of leaving the bench (and the machine's other benches) waiting for ever.
 */

/** Clients get this long to connect and sync before the load generator gives up (loudly). */
export const SYNC_BOUND_S = 60;

/** The promise, or a loud failure after `seconds`: a bench step that does not finish must not hang. */
export function within<T>(seconds: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Polls `condition` every 100 ms until it holds; fails loudly after `seconds`. */
export async function until(seconds: number, what: string, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
