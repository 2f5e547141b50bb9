/**
 * `athar <command>` — administration from a shell. Every command honours DATA_DIR and DATABASE_URL
 * and runs migrations first. Exit codes: 0 done, 1 the command's check failed, 2 bad usage or input.
 */
import { parseArgs } from 'node:util';
import { readConfig } from '../src/lib/server/config.ts';
import { createRuntime, type Runtime } from '../src/lib/server/runtime.ts';
import { readPassword } from './read-password.ts';
import { commands as accountCommands } from './commands/accounts.ts';
import { commands as auditCommands } from './commands/audit.ts';
import { commands as collabCommands } from './commands/collab.ts';
import { commands as dossierCommands } from './commands/dossier.ts';
import { commands as evidenceCommands } from './commands/evidence.ts';
import { commands as bodiesCommands } from './commands/bodies.ts';

export type Command = {
  usage: string;
  run(runtime: Runtime, args: string[]): Promise<number>;
};

export class UsageError extends Error {}

const commands: Record<string, Command> = {
  ...accountCommands(readPassword),
  ...auditCommands,
  ...evidenceCommands,
  ...collabCommands,
  ...dossierCommands,
  ...bodiesCommands,
  migrate: {
    usage: 'migrate',
    run: async () => {
      console.log('database is up to date');
      return 0;
    }
  }
};

function help(): string {
  return ['usage: athar <command>', ...Object.values(commands).map((c) => `  athar ${c.usage}`)].join('\n');
}

/** Longest command name that prefixes the arguments ("user add", "audit verify", "migrate"). */
function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  for (let words = Math.min(2, argv.length); words > 0; words--) {
    const command = commands[argv.slice(0, words).join(' ')];
    if (command) return { command, rest: argv.slice(words) };
  }
  return undefined;
}

export async function runCli(argv: string[]): Promise<number> {
  const found = findCommand(argv);
  if (!found) {
    console.error(help());
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

export { parseArgs };

const exitCode = await runCli(process.argv.slice(2)).catch((err: unknown) => {
  console.error('error:', err instanceof Error ? err.message : err);
  return 1;
});
process.exitCode = exitCode;
