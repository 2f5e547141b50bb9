/**
 * Starts a real Athar server (`node bin/serve.js`, the built SvelteKit handler) on port 0 in a
 * child process, against a fresh SQLite data directory or a fresh PostgreSQL database, and runs
 * the real CLI against the same data: a process per command (`cli`), or many commands in one
 * command host (`run`, tests/helpers/cli-host.ts) where a spec only builds its world.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPgDatabase, type TestDialect } from './dialects.ts';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export type CliResult = { code: number | null; stdout: string; stderr: string };

export type Instance = {
  dialect: TestDialect;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** http://127.0.0.1:<port>, or '' while stopped. */
  url: string;
  process: ChildProcess | undefined;
  output: () => string;
  start(): Promise<void>;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** `node bin/athar.js <args>` (the `athar` command) in its own process: for the specs of the command line itself. */
  cli(args: string[], stdin?: string): Promise<CliResult>;
  /** The same command in the instance's command host: the same code and data, without a Node start-up. */
  run(args: string[], stdin?: string): Promise<CliResult>;
  /** Stops the server and removes its data. */
  destroy(): Promise<void>;
};

export async function createInstance(
  dialect: TestDialect,
  extraEnv: NodeJS.ProcessEnv = {}
): Promise<Instance> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-test-'));
  const pgDb = dialect === 'postgres' ? await createPgDatabase() : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: pgDb?.url ?? '',
    HOST: '127.0.0.1',
    PORT: '0',
    // One process unless a test asks for more (tests/integration/workers.spec.ts): the suite runs
    // many instances side by side on few cores, and one process per core each would starve them.
    // TEST_WORKERS=2 runs every instance as the default deployment runs on two cores (README).
    WORKERS: process.env.TEST_WORKERS ?? '1',
    // Uploads need no free space beyond their own here: the suite must pass on a machine whose disk
    // holds less than the 2 GiB a deployment keeps free (tests/integration/upload-limits.spec.ts
    // checks the floor itself).
    UPLOAD_FREE_SPACE_MIN_MB: '0',
    ...extraEnv
  };
  let log = '';
  let host: ChildProcess | undefined;
  /** Answers for the host's requests, in the order they were sent (it runs them one at a time). */
  const waiting: Array<{ resolve: (result: CliResult) => void; reject: (err: Error) => void }> = [];
  const startHost = (): ChildProcess => {
    const child = spawn(process.execPath, ['tests/helpers/cli-host.ts'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    });
    child.on('message', (result: CliResult) => waiting.shift()?.resolve(result));
    child.once('exit', (code, signal) => {
      host = undefined;
      for (const call of waiting.splice(0))
        call.reject(new Error(`the command host exited (${code ?? signal}) during a command`));
    });
    return child;
  };
  const instance: Instance = {
    dialect,
    dataDir,
    env,
    url: '',
    process: undefined,
    output: () => log,
    async start() {
      const child = spawn(process.execPath, ['bin/serve.js'], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe']
      });
      instance.process = child;
      const from = log.length; // a restarted instance must not match the previous run's line
      instance.url = await new Promise<string>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          log += chunk.toString();
          const match = /listening on http:\/\/[^:]+:(\d+)/.exec(log.slice(from));
          if (match) resolve(`http://127.0.0.1:${match[1]}`);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${log}`)));
      });
    },
    async stop(signal = 'SIGTERM') {
      const child = instance.process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill(signal);
      const code = await exited;
      instance.process = undefined;
      instance.url = '';
      return code;
    },
    cli(args, stdin) {
      return new Promise((resolve) => {
        const child = spawn(process.execPath, ['bin/athar.js', ...args], {
          cwd: ROOT,
          env,
          stdio: ['pipe', 'pipe', 'pipe']
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.once('exit', (code) => resolve({ code, stdout, stderr }));
        child.stdin.end(stdin ?? '');
      });
    },
    run(args, stdin) {
      host ??= startHost();
      const sent = host;
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        // The environment goes with each command: a spec may change `env` between commands.
        sent.send({ args, stdin: stdin ?? '', env });
      });
    },
    async destroy() {
      host?.disconnect();
      await instance.stop('SIGTERM');
      await pgDb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };
  return instance;
}

/** Creates and starts an instance. */
export async function startInstance(dialect: TestDialect, extraEnv?: NodeJS.ProcessEnv): Promise<Instance> {
  const instance = await createInstance(dialect, extraEnv);
  await instance.start();
  return instance;
}
