import fs from 'node:fs';
import os from 'node:os';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { exportDossier } from '../../src/lib/server/dossier/export.ts';
import { checkRedaction } from '../../src/lib/server/dossier/redaction.ts';
import { collectionIdByName, resolveScope, type ScopeRef } from '../../src/lib/server/dossier/scope.ts';
import { verifyDossier } from '../../src/lib/server/dossier/verify.ts';
import type { Db } from '../../src/lib/server/db/connect.ts';
import { loadInstanceKey } from '../../src/lib/server/keys/instance-key.ts';

/** Does the live audit log hold the row the dossier recorded as the chain's head, with that hash? */
async function liveLogHolds(db: Db, head: { seq: number; hash: string }): Promise<boolean> {
  if (head.seq === 0) return true;
  const row = await db.selectFrom('audit_log').select('hash').where('seq', '=', head.seq).executeTakeFirst();
  return row?.hash === head.hash;
}

const SCOPES = ['item', 'queue', 'collection', 'body', 'person'] as const;

export const commands: Record<string, Command> = {
  'dossier export': {
    usage:
      'dossier export --item <id> | --queue <id> | --collection <name> | --body <id> | --person <id> --out <file.zip> [--redact none|all-photos|face-and-tag]',
    async run({ db, config }, args) {
      const { values } = parseArgs({
        args,
        options: {
          item: { type: 'string' },
          queue: { type: 'string' },
          collection: { type: 'string' },
          body: { type: 'string' },
          person: { type: 'string' },
          out: { type: 'string' },
          redact: { type: 'string' }
        }
      });
      const given = SCOPES.filter((s) => values[s] !== undefined);
      if (given.length !== 1)
        throw new UsageError('give exactly one of --item, --queue, --collection, --body, --person');
      if (!values.out) throw new UsageError('--out <file.zip> is required');
      const redaction = checkRedaction(values.redact);
      if (!redaction.ok) throw new UsageError(redaction.message);
      const kind = given[0]!;
      const id = kind === 'collection' ? await collectionIdByName(db, values.collection!) : values[kind]!;
      const scope = id ? await resolveScope(db, { kind, id } as ScopeRef) : null;
      if (!scope) {
        console.error(`error: no such ${kind}: ${values[kind]}`);
        return 2;
      }
      const actor = `cli:${os.userInfo().username}`;
      const dossier = await exportDossier(
        { db, config },
        {
          scope,
          redaction: redaction.value,
          actor: { id: actor, name: actor, ip: 'cli' },
          origin: config.origin ?? 'http://localhost'
        }
      );
      const temp = `${values.out}.part`;
      try {
        await pipeline(dossier.stream, fs.createWriteStream(temp, { flags: 'w', mode: 0o600 }));
        fs.renameSync(temp, values.out);
      } catch (err) {
        fs.rmSync(temp, { force: true });
        console.error(`error: ${(err as Error).message}`);
        return 1;
      }
      console.log(
        `dossier of the ${kind} "${scope.title}": ${scope.items.length} item(s) written to ${values.out}`
      );
      return 0;
    }
  },
  'dossier verify': {
    usage: 'dossier verify <file.zip | folder>',
    async run({ db, config }, args) {
      const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
      if (positionals.length !== 1) throw new UsageError('give one dossier (zip or folder)');
      const verdict = await verifyDossier(positionals[0]!);
      if (!verdict.ok) {
        console.error(`dossier INVALID: ${verdict.failure}`);
        return 1;
      }
      const ours = verdict.keyId === loadInstanceKey(config.dataDir).keyId;
      // Signed here: the chain head it recorded must still be in this instance's live log.
      if (ours && !(await liveLogHolds(db, verdict.custodyHead))) {
        console.error(
          `dossier INVALID: its custody head (row ${verdict.custodyHead.seq}) is not in this instance's audit log as recorded`
        );
        return 1;
      }
      console.log(
        `dossier valid: ${verdict.files} payload file(s), ${verdict.bytes} bytes match the manifest; ` +
          `signature by key ${verdict.keyId} (${ours ? "this instance's key" : 'NOT this instance’s key'}); ` +
          `${verdict.custodyRows} custody row(s) chain` +
          (ours ? `, their head (row ${verdict.custodyHead.seq}) is in the live audit log` : '') +
          (verdict.timestamp ? '; time-stamp matches the signature' : '')
      );
      return 0;
    }
  },
  'dossier key': {
    usage: 'dossier key',
    async run({ config }) {
      const key = loadInstanceKey(config.dataDir);
      process.stdout.write(key.publicKeyPem);
      console.log(`fingerprint (SHA-256 of the public key): ${key.keyId}`);
      return 0;
    }
  }
};
