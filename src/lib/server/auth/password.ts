import type * as Argon2 from '@node-rs/argon2';

/**
 * Loaded at the first hash or check: a process that never signs anyone in (`athar ingest` beside a
 * large image, issue #20) does without the native addon and its loaders.
 */
let argon2: Promise<typeof Argon2> | undefined;
const loadArgon2 = () => (argon2 ??= import('@node-rs/argon2'));

// OWASP's Argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export async function hashPassword(password: string): Promise<string> {
  return (await loadArgon2()).hash(password, PARAMS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await (await loadArgon2()).verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** A hash to verify against when the account does not exist, so both misses cost the same time. */
export function dummyHash(): Promise<string> {
  return (dummy ??= hashPassword('athar-no-such-account'));
}
