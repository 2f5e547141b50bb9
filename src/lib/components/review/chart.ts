/** Pure helpers for the throughput chart: consecutive days, bar geometry, a tidy axis. */

const DAY = 24 * 60 * 60 * 1000;

/** Every day from the first to the last given (YYYY-MM-DD, UTC), missing days as 0; at most `max`, the latest. */
export function fillDays(days: Array<{ day: string; submitted: number }>, max = 31) {
  if (days.length === 0) return [];
  const counts = new Map(days.map((d) => [d.day, d.submitted]));
  const first = Date.parse(`${days[0]!.day}T00:00:00Z`);
  const last = Date.parse(`${days.at(-1)!.day}T00:00:00Z`);
  const start = Math.max(first, last - (max - 1) * DAY);
  const out: Array<{ day: string; submitted: number }> = [];
  for (let at = start; at <= last; at += DAY) {
    const day = new Date(at).toISOString().slice(0, 10);
    out.push({ day, submitted: counts.get(day) ?? 0 });
  }
  return out;
}

/** An axis for counts up to `max`: whole steps of 1, 2 or 5 × 10ⁿ, at most five of them. */
export function niceScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  for (let magnitude = 1; ; magnitude *= 10) {
    for (const m of [1, 2, 5]) {
      const step = m * magnitude;
      const ticks = Math.ceil(max / step);
      if (ticks <= 5) return { top: ticks * step, step };
    }
  }
}
