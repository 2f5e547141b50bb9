// Preloaded (`--expose-gc --require bench/lib/heap-probe.cjs`) into a server whose memory a bench
// measures: on SIGUSR2 it runs full garbage collections until the heap stops shrinking and writes
// what survives (heap used, of which code and bytecode, and RSS) to <HEAP_PROBE_DIR>/<pid>.json. RSS
// alone is mostly V8 sizing its young generation, not what the process keeps (bench/RESULTS.md,
// issue #20).
const fs = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const { isMainThread } = require('node:worker_threads');

const dir = process.env.HEAP_PROBE_DIR;
/** Where V8 keeps machine code and bytecode. */
const CODE_SPACES = new Set([
  'code_space',
  'code_large_object_space',
  'trusted_space',
  'trusted_large_object_space'
]);

if (dir && isMainThread && typeof globalThis.gc === 'function') {
  const gc = globalThis.gc;
  // The collections below age bytecode and baseline code, and V8 drops those of functions unused
  // for a few of them: the next reading would count them again, compiled anew, as if the rooms held
  // them. Not allowed in NODE_OPTIONS, so set here, before anything runs.
  v8.setFlagsFromString('--no-flush-bytecode');
  v8.setFlagsFromString('--no-flush-baseline-code');
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  process.on('SIGUSR2', async () => {
    // Several rounds with the event loop turning between them: finalizers and weak callbacks run,
    // and what they release is collected by the next round.
    let last = Infinity;
    for (let i = 0; i < 10; i++) {
      gc();
      await turn();
      const used = process.memoryUsage().heapUsed;
      if (i >= 3 && used >= last) break;
      last = used;
    }
    const code = v8
      .getHeapSpaceStatistics()
      .filter((s) => CODE_SPACES.has(s.space_name))
      .reduce((sum, s) => sum + s.space_used_size, 0);
    const { heapUsed, rss } = process.memoryUsage();
    const file = path.join(dir, `${process.pid}.json`);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ heapUsed, code, rss }));
    fs.renameSync(`${file}.tmp`, file);
  });
}
