/** The key a tile access decision is kept under (evidence/iiif-http.ts): none for a credential no one was issued. */
import { describe, expect, it } from 'vitest';
import { decisionKey } from '../../src/lib/server/evidence/iiif-http.ts';

const ITEM = 'a'.repeat(24);

describe('the key of a kept access decision', () => {
  it('is the credential and the item for credentials of the lengths Athar issues', () => {
    const bearer = `Bearer athar_${'a'.repeat(32)}`;
    expect(decisionKey(bearer, ITEM)).toBe(`${bearer}\n${ITEM}`);
    expect(decisionKey('b'.repeat(32), ITEM)).toBe(`${'b'.repeat(32)}\n${ITEM}`);
  });

  it('is none for a credential longer than any Athar issues: its refusal is not kept', () => {
    expect(decisionKey(`Bearer ${'x'.repeat(16_000)}`, ITEM)).toBeNull();
    expect(decisionKey('c'.repeat(65), ITEM)).toBeNull();
  });
});
