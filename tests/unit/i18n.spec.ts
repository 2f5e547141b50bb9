import { describe, expect, it } from 'vitest';
import { isolate, isolateParams, stripIsolates } from '../../src/lib/i18n/bidi.ts';
import { formatBytes, formatNumber } from '../../src/lib/i18n/format.ts';
import { LOCALES, direction, pickLocale, translate } from '../../src/lib/i18n/index.ts';
import { AWAITING_TRANSLATION, catalogue, type Message } from '../helpers/i18n-catalogue.ts';

const placeholders = (message: Message) =>
  [...new Set(JSON.stringify(message).match(/\{\w+\}/g) ?? [])].sort();

describe('i18n catalogues', () => {
  const en = catalogue('en');
  for (const locale of LOCALES.filter((l) => l !== 'en' && !AWAITING_TRANSLATION.includes(l)))
    it(`${locale} has every English message, with the same placeholders`, () => {
      const other = catalogue(locale);
      expect(Object.keys(en).filter((key) => !(key in other))).toEqual([]);
      // Plural variants may leave the number out ("عنصر واحد"); plain texts keep every placeholder.
      for (const [key, message] of Object.entries(other))
        if (typeof message === 'string' && typeof en[key] === 'string')
          expect(placeholders(message), key).toEqual(placeholders(en[key]));
    });
});

describe('plurals (Intl.PluralRules through the compiled variants)', () => {
  const counts = [0, 1, 2, 3, 11, 100];
  it('English: one and other', () => {
    expect(counts.map((count) => translate('en', 'home.items', { count }))).toEqual([
      '0 items',
      '1 item',
      '2 items',
      '3 items',
      '11 items',
      '100 items'
    ]);
  });
  it('German: one and other', () => {
    expect(counts.map((count) => translate('de', 'home.members', { count }))).toEqual([
      '0 Mitglieder',
      '1 Mitglied',
      '2 Mitglieder',
      '3 Mitglieder',
      '11 Mitglieder',
      '100 Mitglieder'
    ]);
  });
  it('Arabic: zero, one, two, few, many and other', () => {
    expect(counts.map((count) => translate('ar', 'home.items', { count }))).toEqual([
      'لا عناصر',
      'عنصر واحد',
      'عنصران',
      '3 عناصر',
      '11 عنصرًا',
      '100 عنصر'
    ]);
    expect(translate('ar', 'unlock.locked', { minutes: 11 })).toContain('11 دقيقة');
  });
});

describe('i18n', () => {
  it('picks the chosen language, then Accept-Language, then English', () => {
    expect(pickLocale('ar', 'en-GB')).toBe('ar');
    expect(pickLocale(undefined, 'fr-FR, ar-SY;q=0.8, en;q=0.5')).toBe('ar');
    expect(pickLocale(undefined, 'de-DE,de;q=0.9')).toBe('de');
    expect(pickLocale('xx', null)).toBe('en');
  });

  it('fills placeholders and sets direction', () => {
    expect(translate('ar', 'login.title')).toBe('تسجيل الدخول');
    expect(translate('en', 'home.items', { count: 3 })).toBe('3 items');
    expect(direction('ar')).toBe('rtl');
    expect(direction('de')).toBe('ltr');
  });

  it('isolates user text for bidi and formats numbers and sizes per locale (Western digits in Arabic)', () => {
    expect(isolate('Rana Expert')).toBe('\u2068Rana Expert\u2069');
    expect(stripIsolates(isolate('a.png'))).toBe('a.png');
    expect(isolateParams({ name: 'Rana Expert', count: 3 }, 'rtl')).toEqual({
      name: '\u2068Rana Expert\u2069',
      count: 3
    });
    expect(isolateParams({ name: 'Rana Expert', file: 'صورة.jpg' }, 'ltr')).toEqual({
      name: 'Rana Expert',
      file: '\u2068صورة.jpg\u2069'
    });
    expect(formatNumber('de', 1234.5)).toBe('1.234,5');
    expect(formatNumber('ar', 1234)).toBe('1,234');
    expect(formatBytes('en', 13)).toBe('13 bytes');
    expect(formatBytes('de', 1536)).toBe('1,5 kB');
  });
});
