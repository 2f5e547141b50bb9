/**
 * Dates, numbers and byte sizes per locale, all through `Intl` (the one formatting module).
 * Digits convention: the Arabic UI writes Western digits 0–9 (`ar-u-nu-latn`), so body numbers,
 * case numbers and dates read the same as in the records, the exports and the other languages.
 */
import type { Locale } from './index.ts';

const TAGS: Record<Locale, string> = { en: 'en-GB', ar: 'ar-u-nu-latn', de: 'de-DE' };

export function intlTag(locale: Locale): string {
  return TAGS[locale];
}

export function formatNumber(locale: Locale, value: number): string {
  return new Intl.NumberFormat(TAGS[locale]).format(value);
}

export function formatDate(locale: Locale, value: Date | string | number): string {
  return new Intl.DateTimeFormat(TAGS[locale], { dateStyle: 'medium' }).format(new Date(value));
}

export function formatDateTime(locale: Locale, value: Date | string | number): string {
  return new Intl.DateTimeFormat(TAGS[locale], { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(value)
  );
}

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** 13 → "13 bytes" / "13 Byte" / "13 بايت" (CLDR unit words), 1536 → "1.5 kB" / "1,5 kB". */
export function formatBytes(locale: Locale, bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(TAGS[locale], {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1
  }).format(value);
}
