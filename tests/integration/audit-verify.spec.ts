import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { query } from '../helpers/db.ts';

for (const dialect of DIALECTS) {
  describe(`athar audit verify (${dialect})`, () => {
    let athar: Instance;
    beforeEach(async () => {
      athar = await createInstance(dialect);
      for (const name of ['One', 'Two', 'Three', 'Four']) {
        expect((await athar.run(['collection', 'create', name])).code).toBe(0);
      }
      expect((await athar.run(['audit', 'verify'])).code).toBe(0);
    });
    afterEach(() => athar.destroy());

    async function expectBroken(seq: number) {
      const result = await athar.cli(['audit', 'verify']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`BROKEN at row ${seq}`);
    }

    it('exits 1 and names an altered row', async () => {
      await query(athar, `update audit_log set details = '{"name":"Forged"}' where seq = 2`);
      await expectBroken(2);
    });

    it('exits 1 and names a removed row', async () => {
      await query(athar, 'delete from audit_log where seq = 3');
      await expectBroken(3);
    });

    it('exits 1 and names reordered rows', async () => {
      await query(athar, 'update audit_log set seq = seq + 100 where seq in (2, 3)');
      await query(athar, 'update audit_log set seq = 3 where seq = 102');
      await query(athar, 'update audit_log set seq = 2 where seq = 103');
      await expectBroken(2);
    });

    it('exits 1 when the newest row is removed', async () => {
      await query(athar, 'delete from audit_log where seq = 4');
      await expectBroken(4);
    });
  });
}
