/**
 * Helpers shared by bench/ingest.ts, bench/tiles.ts and bench/ingest-memory.ts: anchor tools, test
 * images, processes timed or watched for their peak memory, figures side by side.
 *
 * Test images are synthetic, never photographs: smooth colour fields (libvips gaussian noise,
 * upscaled) plus per-pixel gaussian "sensor" noise (σ = 12) from a seeded generator, so every image is
 * distinct and compresses about like a camera JPEG (≈ 1 MB for 3 MP at quality 90).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

export const QUICK = process.argv.includes('--quick');
export const CORES = os.availableParallelism();

/**
 * The `vips dzsave --suffix` that writes the tiles Athar writes (src/lib/server/evidence/derivatives.ts:
 * quality 85, and optimised Huffman tables, sharp's default; vips' own defaults are 75 and none).
 */
export const ATHAR_TILE_SUFFIX = '.jpg[Q=85,optimize_coding]';

/** The executable's path, looked up in PATH and the sbin directories (nginx lives in /usr/sbin). */
export function findTool(name: string): string | null {
  if (path.isAbsolute(name)) return isExecutable(name) ? name : null;
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (dir && isExecutable(candidate)) return candidate;
  }
  return null;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The anchor tool's path, or exit 1 with a message naming the Debian package that provides it. */
export function requireTool(bench: string, name: string, debianPackage: string): string {
  const found = findTool(name);
  if (found) return found;
  console.error(
    `${bench}: the anchor needs \`${name}\`, which is not installed.\n` +
      `  Install the Debian package "${debianPackage}": apt-get install -y ${debianPackage}`
  );
  process.exit(1);
}

/** Stops with a message when there is no SvelteKit build (server/index.ts needs one). */
export function requireBuild(bench: string, root: string): void {
  if (!fs.existsSync(path.join(root, 'build', 'handler.js'))) {
    console.error(`${bench}: no build at ${path.join(root, 'build')}: run \`npx vite build\` first.`);
    process.exit(1);
  }
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `athar-bench-${label}-`));
}

/** mulberry32: a small seeded generator, so a run's images can be made again. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Raw RGB pixels: upscaled colour noise (the "scene") plus gaussian sensor noise (σ = 12). */
export async function noisePixels(width: number, height: number, seed: number): Promise<Buffer> {
  const scene = await sharp({
    create: {
      width: Math.max(2, Math.ceil(width / 24)),
      height: Math.max(2, Math.ceil(height / 24)),
      channels: 3,
      background: { r: 128, g: 128, b: 128 },
      noise: { type: 'gaussian', mean: 118 + (seed % 20), sigma: 45 }
    }
  })
    .raw()
    .toBuffer();
  const pixels = await sharp(scene, {
    raw: {
      width: Math.max(2, Math.ceil(width / 24)),
      height: Math.max(2, Math.ceil(height / 24)),
      channels: 3
    }
  })
    .resize(width, height, { kernel: 'cubic' })
    .raw()
    .toBuffer();
  // Sensor noise: a table of 65,536 normal values (Box–Muller), indexed by a seeded generator,
  // two pixels per draw; much faster than Box–Muller per pixel, and still gaussian.
  const next = random(seed + 1);
  const normal = new Float32Array(65536);
  for (let i = 0; i < normal.length; i++)
    normal[i] = Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next()) * 12;
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < pixels.length; i += 2) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    pixels[i] = clamp(pixels[i]! + normal[state & 0xffff]!);
    if (i + 1 < pixels.length) pixels[i + 1] = clamp(pixels[i + 1]! + normal[state >>> 16]!);
  }
  return pixels;
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

const EXIF = {
  IFD0: { Make: 'Athar bench', Model: 'synthetic noise' },
  IFD2: { DateTimeOriginal: '2024:05:01 12:00:00' }
};

/** A synthetic camera-like JPEG (quality 90, 4:2:0, a little EXIF); returns its size in bytes. */
export async function writeNoiseJpeg(file: string, width: number, height: number, seed: number) {
  const pixels = await noisePixels(width, height, seed);
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .withExif(EXIF)
    .toFile(file);
  return fs.statSync(file).size;
}

/**
 * A large synthetic JPEG without holding it in memory twice: a 2,000 px noise patch repeated
 * (libvips extend) to width × height. The decoder and the pyramid see ordinary noisy pixels.
 */
export async function writeLargeNoiseJpeg(file: string, width: number, height: number, seed: number) {
  const patch = Math.min(2000, width, height);
  const pixels = await noisePixels(patch, patch, seed);
  await sharp(pixels, { raw: { width: patch, height: patch, channels: 3 } })
    .extend({ right: width - patch, bottom: height - patch, extendWith: 'repeat' })
    .jpeg({ quality: 90 })
    .withExif(EXIF)
    .toFile(file);
  return fs.statSync(file).size;
}

export type Finished = { code: number | null; seconds: number; stdout: string; stderr: string };

/** Runs a command to its end, timing it (wall clock, from spawn to exit). */
export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; stdin?: string } = {}
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe']
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({ code, seconds: (performance.now() - started) / 1000, stdout, stderr })
    );
    child.stdin.end(options.stdin ?? '');
  });
}

/**
 * CPU seconds (user + system) used so far by this process's children that have ended and been
 * waited for — and by their own waited-for children, threads included (Linux /proc/self/stat,
 * cutime + cstime). The difference around a run is that run's CPU time, whatever the load.
 */
export function childrenCpuSeconds(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of proc(5) (cutime, cstime); this slice starts at field 3.
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
}

/**
 * CPU seconds (user + system, every thread) used so far by the running processes `pids` and all
 * their descendants: a server's cost per request, which other load on the machine disturbs far less
 * than its rate.
 */
export function treeCpuSeconds(pids: number[]): number {
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // proc(5): after "pid (comm) ", field 3 is the state; 4 ppid, 14 utime, 15 stime.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    stats.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
  }
  const inTree = new Set(pids);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, { parent }] of stats)
      if (!inTree.has(pid) && inTree.has(parent)) {
        inTree.add(pid);
        grew = true;
      }
  }
  let ticks = 0;
  for (const pid of inTree) ticks += stats.get(pid)?.ticks ?? 0;
  return ticks / CLOCK_TICKS;
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** Runs the tasks with at most `parallel` of them at a time. */
export async function inParallel<T>(items: T[], parallel: number, task: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      while (next < items.length) await task(items[next++]!);
    })
  );
}

export type Peak = Finished & {
  /** The peak resident set: every page the process had in memory at once, file pages included. */
  peakKb: number;
  method: string;
  /**
   * The peak of its private memory (RssAnon: what only swap could take back), sampled every 10 ms.
   * Unlike the resident set it leaves out the pages of files the process maps — its own code, and an
   * input that a library maps instead of reading (sharp's libvips does so with a JPEG; the pages are
   * the kernel's file cache, which reading the file fills just the same, and are dropped under
   * pressure).
   */
  privatePeakKb: number;
};

/** Peak resident set (VmHWM) and private memory now (RssAnon) in kB, from one read of
 * /proc/<pid>/status; zeros when the process is gone or a zombie. */
function memoryOf(pid: number): { hwm: number; anon: number } {
  let status = '';
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    // gone already
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { hwm: kb('VmHWM'), anon: kb('RssAnon') };
}

/** The first child of a process (GNU time's one child, the measured command), if it has one yet. */
function firstChild(pid: number): number | undefined {
  try {
    const first = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ')[0];
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs a command and measures its peak resident memory (the process with all its threads): with
 * GNU time (`/usr/bin/time -v`, Debian package "time") when installed, else by polling VmHWM in
 * /proc/<pid>/status every 10 ms (a peak reached in the last 10 ms before exit can be missed). Its
 * private memory is polled either way.
 */
export async function peakMemory(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}
): Promise<Peak> {
  const gnuTime = findTool('/usr/bin/time');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // No stdin, as run() gives none: a command that would wait for input ends instead.
    const spawnOptions = {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe']
    };
    const child = gnuTime
      ? spawn(gnuTime, ['-v', command, ...args], spawnOptions)
      : spawn(command, args, spawnOptions);
    let stdout = '';
    let stderr = '';
    let polledKb = 0;
    let privatePeakKb = 0;
    const poll = () => {
      const measured = gnuTime ? firstChild(child.pid!) : child.pid;
      if (measured === undefined) return;
      const { hwm, anon } = memoryOf(measured);
      polledKb = Math.max(polledKb, hwm);
      privatePeakKb = Math.max(privatePeakKb, anon);
    };
    const timer = setInterval(poll, 10);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // 'exit' comes before the pipes close; the last poll can still find a zombie's status.
    child.once('exit', poll);
    child.once('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearInterval(timer);
      const finished = { code, seconds: (performance.now() - started) / 1000, stdout, stderr, privatePeakKb };
      if (!gnuTime) {
        resolve({
          ...finished,
          peakKb: polledKb,
          method: 'VmHWM polled every 10 ms (install the Debian package "time" for /usr/bin/time -v)'
        });
        return;
      }
      const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      if (!match) reject(new Error(`no maximum RSS in /usr/bin/time's output:\n${stderr}`));
      else resolve({ ...finished, peakKb: Number(match[1]), method: '/usr/bin/time -v (ru_maxrss)' });
    });
  });
}

/** One line per figure, then the ratio Athar ÷ anchor. */
export function report(options: {
  what: string;
  unit: string;
  athar: number;
  anchor: number;
  anchorName: string;
  digits?: number;
  requirement?: { min?: number; max?: number };
}): void {
  const digits = options.digits ?? 1;
  const ratio = options.athar / options.anchor;
  console.log(`  Athar:  ${options.athar.toFixed(digits)} ${options.unit}`);
  console.log(`  anchor: ${options.anchor.toFixed(digits)} ${options.unit}  (${options.anchorName})`);
  let verdict = '';
  const req = options.requirement;
  if (req?.min !== undefined) verdict = ratio >= req.min ? `  meets ≥ ${req.min}×` : `  BELOW ${req.min}×`;
  if (req?.max !== undefined) verdict = ratio <= req.max ? `  meets ≤ ${req.max}×` : `  ABOVE ${req.max}×`;
  console.log(`  ratio Athar/anchor (${options.what}): ${ratio.toFixed(2)}×${verdict}`);
}

/** The machine's 1-minute load average, to print beside the figures (they are not meaningful alone). */
export function loadNote(): string {
  const [one] = os.loadavg();
  return `load average ${one!.toFixed(2)} on ${CORES} core(s)`;
}
