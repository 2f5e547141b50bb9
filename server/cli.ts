/** `athar <command>` — administration from a shell; the commands are in server/run-cli.ts. */
import { runCli } from './run-cli.ts';

process.exitCode = await runCli(process.argv.slice(2));
