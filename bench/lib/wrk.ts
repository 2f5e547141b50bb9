/**
 * Load from wrk (Debian package wrk) for the HTTP benches: a Lua script that cycles through a list of
 * URLs with a credential, a run that reports requests per second and the CPU the server spent per
 * request, and the line that prints them.
 */
import { run, treeCpuSeconds } from './support.ts';

/** wrk cycling through `urls`, with the bearer token or the cookies given. */
export function luaScript(urls: string[], credential: { token: string } | { cookie: string } | null): string {
  return [
    `local paths = { ${urls.map((u) => JSON.stringify(u)).join(', ')} }`,
    'local n = #paths',
    'local i = 0',
    'local threads = 0',
    // Each thread starts at its own place in the list, so they do not ask for the same tile in step.
    'function setup(thread) thread:set("offset", threads * 97); threads = threads + 1 end',
    'function init(args) i = (offset or 0) % n end',
    credential && 'token' in credential ? `wrk.headers["Authorization"] = "Bearer ${credential.token}"` : '',
    credential && 'cookie' in credential ? `wrk.headers["Cookie"] = "${credential.cookie}"` : '',
    'function request() i = i % n + 1; return wrk.format(nil, paths[i]) end',
    ''
  ].join('\n');
}

export type Driven = { rate: number; cpuPerRequest: number; requests: number; seconds: number };

/**
 * wrk (the binary at `wrk`) against `base` for `seconds`: requests per second, and the CPU the
 * server's processes (`pids` and their descendants: workers, threads) spent per request, in µs.
 */
export async function drive(
  wrk: string,
  base: string,
  script: string,
  seconds: number,
  pids: number[]
): Promise<Driven> {
  const cpuBefore = treeCpuSeconds(pids);
  const result = await run(wrk, ['-t2', '-c32', `-d${seconds}s`, '-s', script, base]);
  const cpu = treeCpuSeconds(pids) - cpuBefore;
  if (result.code !== 0) throw new Error(`wrk failed (${result.code}): ${result.stderr}${result.stdout}`);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(result.stdout);
  const total = /(\d+) requests in/.exec(result.stdout);
  const bad = /Non-2xx or 3xx responses: (\d+)/.exec(result.stdout);
  const errors = /Socket errors: (.*)/.exec(result.stdout);
  if (!rps || !total) throw new Error(`no Requests/sec in wrk's output:\n${result.stdout}`);
  if (bad)
    throw new Error(`${base}: ${bad[1]} non-2xx answers during the run; it is void:\n${result.stdout}`);
  if (errors) console.log(`    (wrk: socket errors ${errors[1]})`);
  const requests = Number(total[1]);
  return {
    rate: Number(rps[1]),
    cpuPerRequest: (cpu * 1e6) / requests,
    requests,
    seconds: requests / Number(rps[1])
  };
}

export const line = (name: string, d: Driven) =>
  `  ${name.padEnd(58)} ${d.rate.toFixed(0).padStart(6)} requests/s, ${d.cpuPerRequest.toFixed(0)} µs CPU per request`;
