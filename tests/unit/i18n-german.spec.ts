import { describe, expect, it } from 'vitest';
import { catalogue, texts, type Message } from '../helpers/i18n-catalogue.ts';

const en = catalogue('en');
const de = catalogue('de');

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
  'travel.moment',
  'wellbeing.contains_tag'
]);

/** The placeholders of every form of a message, once each. */
const placeholders = (message: Message | undefined) =>
  [...new Set(texts(message).flatMap((text) => text.match(/\{\w+\}/g) ?? []))].sort();
/** A message as one comparable text (a plural variant's forms joined). */
const asText = (message: Message | undefined) => texts(message).join(' | ');

describe('German catalogue', () => {
  it('has exactly the English keys', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it('keeps every placeholder of the English text, and adds none', () => {
    for (const [key, message] of Object.entries(en)) {
      expect(placeholders(de[key]), key).toEqual(placeholders(message));
    }
  });

  it('translates every text except the intentionally identical ones', () => {
    const untranslated = Object.entries(en)
      .filter(([key, message]) => asText(de[key]) === asText(message))
      .map(([key]) => key);
    expect(untranslated.filter((key) => !INTENTIONALLY_IDENTICAL.has(key))).toEqual([]);
  });

  it('lists as intentionally identical only keys that really are identical', () => {
    const notIdentical = [...INTENTIONALLY_IDENTICAL].filter((key) => asText(de[key]) !== asText(en[key]));
    expect(notIdentical).toEqual([]);
  });

  it('has no empty text and no stray whitespace', () => {
    for (const [key, message] of Object.entries(de)) {
      for (const text of texts(message)) {
        expect(text.trim(), key).not.toBe('');
        expect(text, key).toBe(text.trim());
      }
    }
  });
});
