/**
 * TILE_PASS_SECRET goes verbatim into nginx's configuration and must not be guessable: readConfig
 * refuses a short one and any character that could break out of nginx's quoted string.
 */
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config.ts';

describe('TILE_PASS_SECRET', () => {
  it('is unset unless given, and kept as given when long enough', () => {
    expect(readConfig({}).tilePassSecret).toBeUndefined();
    const secret = 'k1Xz/9+Qe_w-Lr0PaT3mYv8UbN6cHs2D=';
    expect(readConfig({ TILE_PASS_SECRET: secret }).tilePassSecret).toBe(secret);
  });

  it('refuses one shorter than 32 characters, or with a quote, a space or a semicolon', () => {
    for (const bad of [
      'short',
      'a'.repeat(31),
      `${'a'.repeat(32)}"`,
      `${'a'.repeat(32)} b`,
      `${'a'.repeat(32)};`
    ])
      expect(() => readConfig({ TILE_PASS_SECRET: bad }), bad).toThrow(
        /TILE_PASS_SECRET must be at least 32/
      );
  });
});
