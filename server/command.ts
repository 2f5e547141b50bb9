/** The contract of one `athar` command (its own module: a command group imports it, not the CLI that loads the group). */
import type { Runtime } from '../src/lib/server/runtime.ts';

export type Command = {
  usage: string;
  run(runtime: Runtime, args: string[]): Promise<number>;
};

export class UsageError extends Error {}
