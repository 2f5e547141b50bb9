import { ar } from './ar.ts';
import { en, type MessageKey } from './en.ts';

export const LOCALES = ['en', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };
export const LOCALE_COOKIE = 'athar_lang';

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, ar };

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'ar';
}

export function direction(locale: Locale): 'ltr' | 'rtl' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}

/** The cookie wins; otherwise the first supported language in Accept-Language; otherwise English. */
export function pickLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookie)) return cookie;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().slice(0, 2).toLowerCase();
    if (isLocale(tag)) return tag;
  }
  return 'en';
}

export function translate(
  locale: Locale,
  key: MessageKey | string,
  params: Record<string, string | number> = {}
) {
  const template = catalogues[locale][key as MessageKey] ?? en[key as MessageKey] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
