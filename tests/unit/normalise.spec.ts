import { describe, expect, it } from 'vitest';
import { normalise, normaliseWithMap, queryTerms } from '../../src/lib/model/normalise.ts';

describe('search normalisation', () => {
  it('removes tashkeel and shadda so محمد finds مُحَمَّد and محمّد', () => {
    expect(normalise('مُحَمَّد')).toBe('محمد');
    expect(normalise('محمّد')).toBe('محمد');
  });

  it('removes tatweel', () => expect(normalise('محـــمد')).toBe('محمد'));

  it('unifies alef and hamza forms, taa marbuta and alef maqsura', () => {
    expect(normalise('أحمد إبراهيم آمنة ٱلله')).toBe('احمد ابراهيم امنه الله');
    expect(normalise('مؤمن')).toBe('مومن');
    expect(normalise('رئيس')).toBe('رييس');
    expect(normalise('فاطمة')).toBe(normalise('فاطمه'));
    expect(normalise('مصطفى')).toBe(normalise('مصطفي'));
  });

  it('reads Arabic-Indic and Eastern Arabic-Indic digits as Western digits', () => {
    expect(normalise('٢١٥')).toBe('215');
    expect(normalise('۲۱۵')).toBe('215');
  });

  it('folds Latin case and accents', () => {
    expect(normalise('Hélène ÇELİK')).toBe('helene celik');
  });

  it('maps every normalised character back to its source', () => {
    const source = 'مُحَمَّد 215';
    const { text, source: map } = normaliseWithMap(source);
    expect(text).toBe('محمد 215');
    expect(map.map((i) => source[i]).join('')).toBe('محمد 215');
  });

  it('splits queries into at most 12 normalised terms', () => {
    expect(queryTerms('  مُحَمَّد, ٢١٥ — Hélène!')).toEqual(['محمد', '215', 'helene']);
    expect(queryTerms('a '.repeat(50))).toHaveLength(12);
  });
});

describe('the definite article', () => {
  it('indexes words with ال also without it, and highlights through it', async () => {
    const { searchBody, termPattern } = await import('../../src/lib/model/normalise.ts');
    expect(searchBody('إلى الفرع والمعتقل')).toBe('الي الفرع والمعتقل\nفرع معتقل');
    expect('الي الفرع'.match(termPattern('فرع'))?.[0]).toBe('الفرع');
    expect('الفرعي'.match(termPattern('فرع'))?.[0]).toBe('الفرع');
    expect('مفرع'.match(termPattern('فرع'))).toBeNull();
  });
});
