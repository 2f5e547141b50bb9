/** A one-line progress bar with rate and time left, drawn on stderr only when it is a terminal. */
export function createProgress(label: string) {
  const started = Date.now();
  const tty = process.stderr.isTTY === true;
  let done = 0;
  let total = 0;
  let last = 0;
  const draw = (force = false) => {
    if (!tty) return;
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    const seconds = (now - started) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    const left = total > done && rate > 0 ? Math.ceil((total - done) / rate) : 0;
    const width = 24;
    const filled = total ? Math.round((width * done) / total) : 0;
    const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
    process.stderr.write(`\r${label} [${bar}] ${done}/${total} ${rate.toFixed(1)}/s ${left}s left  `);
  };
  return {
    found() {
      total++;
      draw();
    },
    advance() {
      done++;
      draw();
    },
    finish() {
      draw(true);
      if (tty) process.stderr.write('\n');
      return { done, seconds: (Date.now() - started) / 1000 };
    }
  };
}
