import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import { createCheckpoint, readCheckpoints } from '../../src/lib/server/audit/checkpoints.ts';
import { verifyAnchoredAuditLog } from '../../src/lib/server/audit/verify.ts';
import { loadInstanceKey } from '../../src/lib/server/keys/instance-key.ts';

export const commands: Record<string, Command> = {
  'audit verify': {
    usage: 'audit verify [--checkpoints <file>]…',
    async run({ db, config }, args) {
      const { values } = parseArgs({
        args,
        options: { checkpoints: { type: 'string', multiple: true } }
      });
      const key = loadInstanceKey(config.dataDir);
      const checkpoints = await readCheckpoints(db, config.dataDir, values.checkpoints ?? []);
      const verdict = await verifyAnchoredAuditLog(db, key, checkpoints);
      if (!verdict.ok) {
        console.error(`audit log BROKEN at row ${verdict.seq}: ${verdict.problem}`);
        return 1;
      }
      const anchor = verdict.anchoredTo;
      console.log(
        `audit log intact: ${verdict.rows} row(s) verified; ` +
          (anchor
            ? `${verdict.checkpoints} signed checkpoint(s) hold, the last at row ${anchor.seq} (${new Date(anchor.at).toISOString()}); ` +
              `${verdict.rows - anchor.seq} later row(s) rely on the chain alone`
            : 'no signed checkpoint yet: every row relies on the chain alone')
      );
      return 0;
    }
  },
  'audit checkpoint': {
    usage: 'audit checkpoint',
    async run({ db, config }) {
      const checkpoint = await createCheckpoint(db, loadInstanceKey(config.dataDir), config.dataDir);
      console.log(checkpoint ? JSON.stringify(checkpoint) : 'nothing to sign: the head is signed already');
      return 0;
    }
  },
  'audit key': {
    usage: 'audit key',
    async run({ config }) {
      process.stdout.write(loadInstanceKey(config.dataDir).publicKeyPem);
      return 0;
    }
  }
};
