import { describe, expect, it } from 'vitest';
import { safeNext } from '../../src/lib/server/http/guards.ts';
import { checkEmail, checkName, checkNewPassword, checkRole } from '../../src/lib/server/validate.ts';

describe('field checks', () => {
  it('normalises and checks e-mail addresses', () => {
    expect(checkEmail('  Ada@Example.ORG ')).toEqual({ ok: true, value: 'ada@example.org' });
    for (const bad of ['', 'no-at-sign', 'a@b', `${'x'.repeat(10_000)}@example.org`, "' OR 1=1 --", 42, null]) {
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
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', null, '']) expect(safeNext(bad)).toBe('/');
  });
});
