/**
 * The command host: one long-lived Node process per test instance that runs `athar` commands one
 * after another (server/run-cli.ts, the same code as `node server/cli.ts`), so a world of twenty
 * people costs twenty commands, not twenty Node start-ups and module graphs. Spawned with an IPC
 * channel by tests/helpers/athar.ts; a request is `{ args, stdin }`, the answer
 * `{ code, stdout, stderr }`. Tests of the command line itself spawn the real process instead.
 */
import { runCli } from '../../server/run-cli.ts';

type Request = { args: string[]; stdin: string; env: NodeJS.ProcessEnv };

let stdout = '';
let stderr = '';
/** Captures what a command writes: commands print with console.* and process.stdout.write. */
function capture(stream: NodeJS.WriteStream, append: (text: string) => void): void {
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as NodeJS.WriteStream['write'];
}
capture(process.stdout, (text) => (stdout += text));
capture(process.stderr, (text) => (stderr += text));

/** The first line of the request's stdin, as the CLI reads a password from a pipe. */
const passwordFrom = (stdin: string) => async () => (stdin.split(/\r?\n/)[0] ?? '').trimEnd();

// One command at a time: the captured output belongs to the command that is running.
let queue = Promise.resolve();
process.on('message', (request: Request) => {
  queue = queue.then(async () => {
    stdout = '';
    stderr = '';
    for (const name of Object.keys(process.env)) if (!(name in request.env)) delete process.env[name];
    Object.assign(process.env, request.env);
    const code = await runCli(request.args, passwordFrom(request.stdin));
    process.send!({ code, stdout, stderr });
  });
});
// The test process is gone (a file that failed before its clean-up): so is this host.
process.on('disconnect', () => process.exit(0));
