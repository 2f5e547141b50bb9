/**
 * The one formatting module: dates, numbers, statistics and byte sizes in the page's language,
 * all through `Intl`.
 * Digits convention: the Arabic UI writes Western digits 0–9 (`ar-u-nu-latn`), so body numbers,
 * case numbers and dates read the same as in the records, the exports and the other languages.
 */
import { isLocale, type Locale } from './index.ts';

const TAGS: Record<Locale, string> = { en: 'en-GB', ar: 'ar-u-nu-latn', de: 'de-DE' };

/** The BCP 47 tag Intl formats with for one of our locales (anything else passes as it is). */
export function intlTag(locale: string): string {
  return isLocale(locale) ? TAGS[locale] : locale;
}

export function formatNumber(locale: string, value: number): string {
  return new Intl.NumberFormat(intlTag(locale)).format(value);
}

/** A statistic in [−1, 1] (kappa) or [0, 1] (F1, CER) with two decimals; "—" when there is none. */
export function formatStat(locale: string, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(intlTag(locale), {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2
  }).format(value);
}

export function formatPercent(locale: string, value: number): string {
  return new Intl.NumberFormat(intlTag(locale), { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

/** A calendar date (UTC: a queue's due day is the same day everywhere). */
export function formatDate(locale: string, at: number | string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

export function formatDateTime(locale: string, at: number | string | Date): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** 13 → "13 bytes" / "13 Byte" / "13 بايت" (CLDR unit words, plural included), 1536 → "1.5 kB" / "1,5 kB". */
export function formatBytes(locale: string, bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(intlTag(locale), {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1
  }).format(value);
}
