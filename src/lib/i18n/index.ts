/**
 * The one façade over the compiled Paraglide messages (`src/lib/paraglide`, generated from
 * `messages/<locale>/<cap>.json` by `npm run i18n`, the Vite plugin and `npm run check`).
 * Keys are the catalogue names (`nav.home`); every key and its parameters are checked at compile time.
 */
import * as m from '../paraglide/messages.js';
import { locales as compiledLocales } from '../paraglide/runtime.js';

export const LOCALES = compiledLocales;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = 'athar_lang';
/** The name of each language in itself, for the language switch. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', ar: 'العربية', de: 'Deutsch' };

type Messages = typeof m;
/** Every message name; the generated module also exports `nav_home` aliases, which are left out. */
export type MessageKey = Extract<keyof Messages, `${string}.${string}`>;
/** The messages without placeholders: what a vocabulary value's label is. */
export type PlainKey = {
  [K in MessageKey]: Record<string, never> extends MessageParams<K> ? K : never;
}[MessageKey];
export type MessageParams<K extends MessageKey> = NonNullable<Parameters<Messages[K]>[0]>;
/** The parameters argument: optional only for messages without placeholders. */
export type ParamsArg<K extends MessageKey> =
  Record<string, never> extends MessageParams<K> ? [params?: MessageParams<K>] : [params: MessageParams<K>];

export function isLocale(value: unknown): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value);
}

export function direction(locale: Locale): 'ltr' | 'rtl' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}

/** The cookie (or the account's choice, passed as `chosen`) wins; otherwise the first supported
 * language in Accept-Language; otherwise English. */
export function pickLocale(chosen: string | null | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(chosen)) return chosen;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().slice(0, 2).toLowerCase();
    if (isLocale(tag)) return tag;
  }
  return 'en';
}

type Compiled = (inputs: object, options: { locale: Locale }) => string;

export function translate<K extends MessageKey>(locale: Locale, key: K, ...[params]: ParamsArg<K>): string {
  return (m[key] as unknown as Compiled)(params ?? {}, { locale });
}
