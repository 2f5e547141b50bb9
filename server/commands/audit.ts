import type { Command } from '../cli.ts';
import { verifyAuditLog } from '../../src/lib/server/audit/log.ts';

export const commands: Record<string, Command> = {
  'audit verify': {
    usage: 'audit verify',
    async run({ db }) {
      const verdict = await verifyAuditLog(db);
      if (verdict.ok) {
        console.log(`audit log intact: ${verdict.rows} row(s) verified`);
        return 0;
      }
      console.error(`audit log BROKEN at row ${verdict.seq}: ${verdict.problem}`);
      return 1;
    }
  }
};
