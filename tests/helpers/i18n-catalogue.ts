/** The JSON catalogues (`messages/<locale>/*.json`) as the tests read them. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export type Message = string | { match: Record<string, string> }[];
export type Catalogue = Record<string, Message>;

/**
 * German texts arrive with the `german` branch; until then German falls back to English per key.
 * The coordinator empties this list when merging it: from then on every missing German key and every
 * English text on a German page fails the catalogue and leak tests.
 */
export const AWAITING_TRANSLATION: readonly string[] = [];

export function catalogue(locale: string): Catalogue {
  const dir = path.resolve('messages', locale);
  if (!existsSync(dir)) return {};
  return Object.assign(
    {},
    ...readdirSync(dir).map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Catalogue)
  ) as Catalogue;
}

/** Every text a message can show: a plain text, or each form of a plural variant. */
export function texts(message: Message | undefined): string[] {
  if (message === undefined) return [];
  return typeof message === 'string' ? [message] : message.flatMap((variant) => Object.values(variant.match));
}
