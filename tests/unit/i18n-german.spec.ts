import { describe, expect, it } from 'vitest';
import { de } from '../../src/lib/i18n/de.ts';
import { en } from '../../src/lib/i18n/en.ts';

/** Keys whose German text is, on purpose, the same as the English: names, codes and formats. */
const INTENTIONALLY_IDENTICAL = new Set<string>([
  // Names, standards and units
  'app.name',
  'meta.sha256',
  'meta.px',
  'meta.exif',
  'meta.gps',
  'export.tei',
  'list.size_mm',
  // Words German shares with English
  'two_factor.code',
  'field.name',
  'queue_new.name',
  'users.status',
  'browse.status',
  'status.current',
  'export.title',
  'shape.polygon',
  'anno.mode_polygon',
  'transcribe.connected',
  'adjudicate.live',
  'region.hand',
  'adjudicate.region',
  // Only placeholders and punctuation
  'toolbar.shortcut',
  'fhistory.change',
  'travel.moment'
]);

const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();

describe('German catalogue', () => {
  it('has exactly the English keys', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it('keeps every placeholder of the English text, and adds none', () => {
    for (const [key, text] of Object.entries(en)) {
      expect(placeholders(de[key as keyof typeof en]), key).toEqual(placeholders(text));
    }
  });

  it('translates every text except the intentionally identical ones', () => {
    const untranslated = Object.entries(en)
      .filter(([key, text]) => de[key as keyof typeof en] === text)
      .map(([key]) => key);
    expect(untranslated.filter((key) => !INTENTIONALLY_IDENTICAL.has(key))).toEqual([]);
  });

  it('lists as intentionally identical only keys that really are identical', () => {
    const notIdentical = [...INTENTIONALLY_IDENTICAL].filter(
      (key) => de[key as keyof typeof en] !== en[key as keyof typeof en]
    );
    expect(notIdentical).toEqual([]);
  });

  it('has no empty text and no stray whitespace', () => {
    for (const [key, text] of Object.entries(de)) {
      expect(text.trim(), key).not.toBe('');
      expect(text, key).toBe(text.trim());
    }
  });
});
