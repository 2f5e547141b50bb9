import { describe, expect, it } from 'vitest';
import { normalizeIdentifier } from '../../src/lib/model/identifiers.ts';

describe('normalizeIdentifier', () => {
  it('turns Arabic-Indic and Persian digits into Western ones', () => {
    expect(normalizeIdentifier('٢١٥')).toBe('215');
    expect(normalizeIdentifier('۲۱۵')).toBe('215');
    expect(normalizeIdentifier('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
    expect(normalizeIdentifier('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789');
    expect(normalizeIdentifier('２１５')).toBe('215');
  });

  it('unifies separators to one dash and trims the ends', () => {
    for (const written of [
      '12/34',
      '12-34',
      '12 34',
      '12 – 34',
      '12.34',
      '12_34',
      '١٢/٣٤',
      '12،34',
      '12٫34',
      ' 12 / 34 '
    ])
      expect(normalizeIdentifier(written), written).toBe('12-34');
    expect(normalizeIdentifier('--215--')).toBe('215');
    expect(normalizeIdentifier('  215\t')).toBe('215');
  });

  it('keeps letters, in one case, and drops tatweel and marks', () => {
    expect(normalizeIdentifier('Br 227')).toBe('br-227');
    expect(normalizeIdentifier('BR-227')).toBe('br-227');
    expect(normalizeIdentifier('فـرع ٢٢٧')).toBe('فرع-227');
  });

  it('leaves nothing of separators alone', () => {
    expect(normalizeIdentifier(' / - ')).toBe('');
  });
});
