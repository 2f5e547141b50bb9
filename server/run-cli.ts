/**
 * The `athar` commands, run by argument list: the entry (server/cli.ts) runs one per process; the
 * tests' command host (tests/helpers/cli-host.ts) runs many in one. Every command honours DATA_DIR
 * and DATABASE_URL and runs migrations first. Exit codes: 0 done, 1 the command's check failed,
 * 2 bad usage or input.
 */
import { readConfig } from '../src/lib/server/config.ts';
import { createRuntime, type Runtime } from '../src/lib/server/runtime.ts';
import { UsageError, type Command } from './command.ts';

/** Where a command that asks for a password reads it (a prompt, or the first line of stdin). */
export type ReadPassword = (prompt: string) => Promise<string>;
type Group = (readPassword?: ReadPassword) => Promise<Record<string, Command>>;

const accounts: Group = async (readPassword) => {
  const [{ commands }, terminal] = await Promise.all([
    import('./commands/accounts.ts'),
    import('./read-password.ts')
  ]);
  return commands(readPassword ?? terminal.readPassword);
};
const evidence: Group = async () => (await import('./commands/evidence.ts')).commands;
const migrate: Group = async () => ({
  migrate: {
    usage: 'migrate',
    run: async () => {
      console.log('database is up to date');
      return 0;
    }
  }
});

/**
 * The command groups by a command's first word, each loaded only when one of its commands runs:
 * `athar ingest` then carries neither the dossier's PDF stack nor the rooms' CRDTs nor the
 * catalogue of messages — tens of MiB of resident memory beside a large image (issue #20).
 */
const groups: Record<string, Group> = {
  user: accounts,
  token: accounts,
  collection: accounts,
  member: accounts,
  audit: async () => (await import('./commands/audit.ts')).commands,
  ingest: evidence,
  fixity: evidence,
  collab: async () => (await import('./commands/collab.ts')).commands,
  dossier: async () => (await import('./commands/dossier.ts')).commands,
  bodies: async () => (await import('./commands/bodies.ts')).commands,
  migrate
};

async function help(): Promise<string> {
  const all = new Set(
    (await Promise.all([...new Set(Object.values(groups))].map((load) => load()))).flatMap(Object.values)
  );
  return ['usage: athar <command>', ...[...all].map((c) => `  athar ${c.usage}`)].join('\n');
}

/** Longest command name that prefixes the arguments ("user add", "audit verify", "migrate"). */
async function findCommand(
  argv: string[],
  readPassword: ReadPassword | undefined
): Promise<{ command: Command; rest: string[] } | undefined> {
  const load = argv[0] === undefined ? undefined : groups[argv[0]];
  if (!load) return undefined;
  const commands = await load(readPassword);
  for (let words = Math.min(2, argv.length); words > 0; words--) {
    const command = commands[argv.slice(0, words).join(' ')];
    if (command) return { command, rest: argv.slice(words) };
  }
  return undefined;
}

/**
 * Runs one command and returns its exit code; an unexpected failure is printed as `error: …` (1).
 * `readPassword` replaces the terminal's prompt (the tests' command host passes stdin's text).
 */
export function runCli(argv: string[], readPassword?: ReadPassword): Promise<number> {
  return runCommand(argv, readPassword).catch((err: unknown) => {
    console.error('error:', err instanceof Error ? err.message : err);
    return 1;
  });
}

async function runCommand(argv: string[], readPassword: ReadPassword | undefined): Promise<number> {
  const found = await findCommand(argv, readPassword);
  if (!found) {
    console.error(await help());
    return 2;
  }
  let runtime: Runtime | undefined;
  try {
    runtime = await createRuntime(readConfig(), { backgroundCheckpoints: false });
    return await found.command.run(runtime, found.rest);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`error: ${(err as Error).message}\nusage: athar ${found.command.usage}`);
      return 2;
    }
    throw err;
  } finally {
    await runtime?.close();
  }
}
