import { describe, expect, it } from 'vitest';
import { safeNext } from '../../src/lib/server/http/guards.ts';
import { checkEmail, checkName, checkNewPassword, checkRole } from '../../src/lib/server/validate.ts';

describe('field checks', () => {
  it('normalises and checks e-mail addresses', () => {
    expect(checkEmail('  Ada@Example.ORG ')).toEqual({ ok: true, value: 'ada@example.org' });
    for (const bad of [
      '',
      'no-at-sign',
      'a@b',
      `${'x'.repeat(10_000)}@example.org`,
      "' OR 1=1 --",
      42,
      null
    ]) {
      expect(checkEmail(bad).ok, String(bad).slice(0, 20)).toBe(false);
    }
  });

  it('accepts Arabic and punctuation in names, refuses control characters and 10 kB', () => {
    expect(checkName('محمد عبد الله')).toEqual({ ok: true, value: 'محمد عبد الله' });
    expect(checkName("Robert'); DROP TABLE users;--")).toMatchObject({ ok: true });
    expect(checkName('a\u0000b')).toEqual({ ok: false, error: 'error.name_invalid' });
    expect(checkName('x'.repeat(10_240))).toEqual({ ok: false, error: 'error.name_too_long' });
    expect(checkName('   ')).toEqual({ ok: false, error: 'error.name_required' });
  });

  it('bounds passwords and roles', () => {
    expect(checkNewPassword('short').ok).toBe(false);
    expect(checkNewPassword('x'.repeat(257)).ok).toBe(false);
    expect(checkNewPassword('long enough pass').ok).toBe(true);
    expect(checkRole('observer')).toEqual({ ok: true, value: 'observer' });
    expect(checkRole('superuser').ok).toBe(false);
  });

  it('only redirects to same-site paths', () => {
    expect(safeNext('/admin/users?x=1')).toBe('/admin/users?x=1');
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', null, ''])
      expect(safeNext(bad)).toBe('/');
  });
});

describe('IIIF request parsing', () => {
  it('names a tile by its canonical key, and offers the rounded-up side for `w,` and `,h` sizes', async () => {
    const { parseImageRequest } = await import('../../src/lib/server/evidence/iiif-request.ts');
    const parse = (region: string, size: string) =>
      parseImageRequest(region, size, '0', 'default.jpg', 1000, 701);
    expect(parse('0,0,256,256', '256,256')).toEqual({ ok: true, keys: ['0,0,256,256/256,256'] });
    // 701 · 300 / 1000 = 210.3: a viewer may ask 210, libvips cut 211.
    expect(parse('full', '300,')).toEqual({
      ok: true,
      keys: ['0,0,1000,701/300,210', '0,0,1000,701/300,211']
    });
    // 1000 · 100 / 701 = 142.65: round and ceil agree, one key.
    expect(parse('full', ',100')).toEqual({ ok: true, keys: ['0,0,1000,701/143,100'] });
    expect(parse('full', 'max')).toEqual({ ok: true, keys: ['0,0,1000,701/1000,701'] });
    for (const [region, size] of [
      ['0,0,10,10', '256,256'],
      ['0,0,99999999,1', 'max'],
      ['-1,0,10,10', 'max'],
      ['full', ','],
      ['full', 'pct:50'],
      // the same tile spelled with leading zeros: every spelling would be a path to remember
      ['00,0,256,256', '256,256'],
      ['0,0,0256,256', '256,256'],
      ['0,0,256,256', '0256,256'],
      ['0,0,256,256', '000256,'],
      ['0,0,256,256', ',0256']
    ]) {
      expect(parse(region as string, size as string), `${region} ${size}`).toMatchObject({ ok: false });
    }
    expect(parseImageRequest('full', 'max', '90', 'default.jpg', 1000, 701)).toMatchObject({ ok: false });
    // A refused value is quoted, not echoed whole.
    expect(parse('1,'.repeat(5000), 'max')).toEqual({
      ok: false,
      message: `bad region: ${'1,'.repeat(20)}…`
    });
    expect(parse('full', '9'.repeat(5000))).toEqual({ ok: false, message: `bad size: ${'9'.repeat(40)}…` });
  });
});
