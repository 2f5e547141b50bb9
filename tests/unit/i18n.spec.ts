import { describe, expect, it } from 'vitest';
import { ar } from '../../src/lib/i18n/ar.ts';
import { en } from '../../src/lib/i18n/en.ts';
import { direction, pickLocale, translate } from '../../src/lib/i18n/index.ts';

describe('i18n', () => {
  it('has an Arabic message for every English one, with the same placeholders', () => {
    expect(Object.keys(ar).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(placeholders(ar[key as keyof typeof en]), key).toEqual(placeholders(text));
    }
  });

  it('picks the cookie, then Accept-Language, then English', () => {
    expect(pickLocale('ar', 'en-GB')).toBe('ar');
    expect(pickLocale(undefined, 'fr-FR, ar-SY;q=0.8, en;q=0.5')).toBe('ar');
    expect(pickLocale('xx', null)).toBe('en');
    expect(pickLocale(undefined, 'de')).toBe('en');
  });

  it('fills placeholders and sets direction', () => {
    expect(translate('en', 'home.members', { count: 3 })).toBe('3 member(s)');
    expect(translate('ar', 'login.title')).toBe('تسجيل الدخول');
    expect(direction('ar')).toBe('rtl');
    expect(direction('en')).toBe('ltr');
  });
});
