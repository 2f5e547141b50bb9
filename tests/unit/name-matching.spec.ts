import { describe, expect, it } from 'vitest';
import { alignments, partsOfName, personTokens } from '../../src/lib/model/names/parts.ts';
import { matchName, matchPersons, rarity, tokenSimilarity } from '../../src/lib/model/names/score.ts';
import { arabicSkeleton, latinSkeleton } from '../../src/lib/model/names/skeleton.ts';
import { nameTokens, partToken } from '../../src/lib/model/names/tokens.ts';

const keys = (text: string) => nameTokens(text).map((t) => t.key);

describe('name tokens (Arabic normalisation, compounds, article)', () => {
  it('normalises diacritics, tatweel, alef and hamza forms, taa marbuta, alef maqsura', () => {
    expect(keys('مُحَمَّد')).toEqual(['muhammad']);
    expect(keys('محـــمد')).toEqual(['muhammad']);
    expect(keys('إبراهيم')).toEqual(keys('ابراهيم'));
    expect(keys('أسامة')).toEqual(['اسامه']);
    expect(keys('مصطفى')).toEqual(['mustafa']);
  });

  it('joins and splits عبد ال… compounds alike', () => {
    expect(keys('عبد الله')).toEqual(keys('عبدالله'));
    expect(keys('عبد الرحمن الحلبي')).toEqual(['abdalrahman', 'حلبي']);
    expect(keys('Abd al-Rahman')).toEqual(['abdalrahman']);
    expect(keys('Abdul Rahman')).toEqual(['abdalrahman']);
    expect(keys('Abd Allah')).toEqual(['abdallah']);
    expect(keys('Abdallah')).toEqual(keys('Abdullah'));
  });

  it('ignores the article where it varies, and drops bin / ibn', () => {
    expect(keys('الحلبي')).toEqual(keys('حلبي'));
    expect(keys('al-Halabi')).toEqual(keys('Halabi'));
    expect(keys('El Halabi')).toEqual(['halabi']);
    expect(keys('ar-Rashid')).toEqual(keys('Rashid'));
    expect(keys('محمد بن أحمد')).toEqual(['muhammad', 'ahmad']);
    expect(keys('Yusuf ibn Ali')).toEqual(['yusuf', 'ali']);
  });

  it('gives known transliterations one key', () => {
    for (const v of ['Muhammad', 'Mohammad', 'Mohamed', 'Mohammed', 'محمد'])
      expect(keys(v)).toEqual(['muhammad']);
    for (const v of ['Hussein', 'Husain', 'Hussain', 'حسين']) expect(keys(v)).toEqual(['husayn']);
    for (const v of ['Khaled', 'Khalid', 'خالد']) expect(keys(v)).toEqual(['khalid']);
    for (const v of ['Yusuf', 'Youssef', 'يوسف']) expect(keys(v)).toEqual(['yusuf']);
    for (const v of ['Omar', 'Umar', 'عمر']) expect(keys(v)).toEqual(['umar']);
    for (const v of ['Ahmad', 'Ahmed', 'أحمد']) expect(keys(v)).toEqual(['ahmad']);
    expect(keys('حسن')).not.toEqual(keys('حسين'));
  });
});

describe('the Latin ↔ Arabic bridge (consonant skeletons)', () => {
  it('computes one skeleton from both scripts', () => {
    expect(arabicSkeleton('حلاق')).toBe('hlk');
    expect(latinSkeleton('hallaq')).toBe('hlk');
    expect(latinSkeleton('hallak')).toBe('hlk');
    expect(arabicSkeleton('شامي')).toBe(latinSkeleton('shami'));
    expect(arabicSkeleton('خطيب')).toBe(latinSkeleton('khatib'));
    expect(arabicSkeleton('عبدالعزيز')).toBe(latinSkeleton('abdelaziz'));
    expect(arabicSkeleton('حمزه')).toBe(latinSkeleton('hamzeh'));
  });

  it('lets an unknown Arabic name meet its transliteration, and keeps known names apart', () => {
    const ar = partToken('الحلاق');
    const la = partToken('Al-Hallaq');
    expect(ar && la && tokenSimilarity(ar, la)).toBeGreaterThanOrEqual(0.95);
    const hasan = partToken('حسن');
    const husayn = partToken('Hussein');
    expect(hasan && husayn && tokenSimilarity(hasan, husayn)).toBeLessThan(0.85);
  });
});

describe('name parts', () => {
  it('reads a full name as ism, father, grandfather, family', () => {
    expect(partsOfName('محمد أحمد عبد الله الحلبي')).toEqual({
      given: 'محمد',
      father: 'أحمد',
      grandfather: 'عبد الله',
      family: 'الحلبي'
    });
    expect(partsOfName('Khaled Hallaq')).toEqual({ given: 'Khaled', family: 'Hallaq' });
    expect(alignments(3)).toEqual([
      ['given', 'father', 'family'],
      ['given', 'father', 'grandfather']
    ]);
  });
});

describe('part-by-part scoring', () => {
  const person = personTokens({
    given: { ar: 'محمد', la: 'Muhammad' },
    father: { ar: 'أحمد' },
    grandfather: { ar: 'عبد الله' },
    family: { ar: 'الحلبي' }
  });

  it('bands the same name written another way "likely", with reasons', () => {
    const m = matchName('مُحمّد أحمد حلبي', person);
    expect(m.band).toBe('likely');
    expect(m.score).toBe(1);
    expect(m.reasons).toEqual([
      { part: 'given', verdict: 'equal' },
      { part: 'father', verdict: 'equal' },
      { part: 'family', verdict: 'equal' }
    ]);
  });

  it('matches a Latin transliteration through variants and skeletons', () => {
    const m = matchName('Mohamed Ahmed al-Halabi', person);
    expect(m.band).toBe('likely');
    expect(m.reasons).toContainEqual({ part: 'father', verdict: 'variant' });
    expect(m.reasons).toContainEqual({ part: 'family', verdict: 'variant' });
  });

  it("a different father's name is strong evidence against", () => {
    const m = matchName('محمد خالد الحلبي', person);
    expect(m.band).toBe('unlikely');
    expect(m.reasons).toContainEqual({ part: 'father', verdict: 'differs' });
    // given +3, father −3×1.5, family +3 over 9
    expect(m.score).toBeCloseTo(1.5 / 9, 3);
  });

  it('a missing grandfather is no evidence either way', () => {
    const without = personTokens({ given: { ar: 'محمد' }, father: { ar: 'أحمد' }, family: { ar: 'الحلبي' } });
    const a = matchName('محمد أحمد عبد الله الحلبي', without);
    const b = matchName('محمد أحمد عبد الله الحلبي', person);
    expect(a.reasons.map((r) => r.part)).toEqual(['given', 'father', 'family']);
    expect(b.score).toBe(1);
    // The grandfather (1.5 of 10.5) could not be earned, and nothing was lost.
    expect(a.score).toBeCloseTo(9 / 10.5, 3);
    expect(a.band).toBe('likely');
  });

  it('a slip of the pen is close, not equal', () => {
    const m = matchName('محمد احمد الحلبى', person);
    expect(m.band).toBe('likely');
    const typo = matchName('محمد احمد الحلني', person);
    expect(typo.reasons).toContainEqual({ part: 'family', verdict: 'similar' });
    expect(typo.score).toBeLessThan(1);
  });

  it('frequent names count less than rare ones', () => {
    expect(rarity(1, 1000)).toBe(1);
    expect(rarity(500, 1000)).toBeLessThan(rarity(5, 1000));
    const freq = { total: 1000, of: (t: { key: string }) => (t.key === 'muhammad' ? 400 : 1) };
    // Only the given name agrees: worth less when it is Muhammad.
    const rare = matchName('محمد', personTokens({ given: { ar: 'محمد' } }));
    const common = matchName(
      'محمد سليم',
      personTokens({ given: { ar: 'محمد' }, family: { ar: 'قباني' } }),
      freq
    );
    expect(common.score).toBeLessThan(rare.score);
    expect(common.band).toBe('unlikely');
  });

  it('compares two persons of the register for de-duplication', () => {
    const other = personTokens({
      given: { la: 'Mohammed' },
      father: { la: 'Ahmed' },
      family: { la: 'Halabi' }
    });
    expect(matchPersons(person, other).band).toBe('likely');
    const brother = personTokens({ given: { ar: 'خالد' }, father: { ar: 'أحمد' }, family: { ar: 'الحلبي' } });
    expect(matchPersons(person, brother).band).toBe('unlikely');
  });
});
