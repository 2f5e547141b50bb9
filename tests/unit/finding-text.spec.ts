import { describe, expect, it } from 'vitest';
import { findingPatterns, findingSearchText } from '../../src/lib/server/search/finding-text.ts';

describe('the words a finding is found by', () => {
  const text = findingSearchText({
    lesionType: 'contusion',
    bodyRegion: 'upper_arm',
    consistency: 'typical',
    notes: 'ضربات مُتَكَرِّرَة، Blunt'
  });
  const finds = (query: string) =>
    findingPatterns(query).every((p) => new RegExp(p.replaceAll('%', '.*')).test(text));

  it('holds each value as its key and its label in every language, normalised', () => {
    for (const query of ['contusion', 'bruise', 'كدمة', 'upper arm', 'العضد', 'typical', 'متكررة', 'blunt'])
      expect(finds(query), query).toBe(true);
  });

  it('matches word starts only, every word', () => {
    expect(finds('usion')).toBe(false);
    expect(finds('contu blu')).toBe(true);
    expect(finds('contusion hand')).toBe(false);
  });

  it('leaves out what the finding does not say', () => {
    expect(findingSearchText({})).toBe('');
  });
});
