/**
 * Making a dossier: the audit row first (so the export is recorded, with its redaction choice,
 * before a byte leaves, and appears in its own custody rows), then the bag as a stream.
 * Who may export is decided before (auth/access/dossiers.ts `dossierForUser`); the CLI is the operator.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { audit } from '../audit/log.ts';
import { loadInstanceKey } from '../keys/instance-key.ts';
import { manifestText, streamBag, type Manifest, type PayloadFile } from './bag.ts';
import { custodyJson, itemFiles, recordJson, type ItemSummary, type PayloadContext } from './payload.ts';
import { includes, type Redaction } from './redaction.ts';
import { reportPdf } from './report.ts';
import type { DossierScope } from './scope.ts';
import { subjectOf } from './subject.ts';
import { requestTimestamp } from './timestamp.ts';
import { verifyHtml, verifyMd } from './verify-page.ts';

export type DossierRequest = {
  scope: DossierScope;
  redaction: Redaction;
  actor: { id: string | null; name: string; ip: string | null };
  /** Base of the URLs in the W3C annotations (the request's origin, or ORIGIN for the CLI). */
  origin: string;
};

export type Dossier = { stream: Readable; fileName: string; estimatedBytes: number };

const REPORT = 'data/report.pdf';

/** SHA-256 of the payload manifest without the report's line (the report prints it). */
export function fingerprintOf(manifest: Manifest): string {
  return createHash('sha256')
    .update(manifestText(manifest.filter((m) => m.path !== REPORT)))
    .digest('hex');
}

export async function exportDossier(
  runtime: { db: Db; config: Config },
  request: DossierRequest
): Promise<Dossier> {
  const { db, config } = runtime;
  const { scope, redaction, actor } = request;
  const key = loadInstanceKey(config.dataDir);
  await audit(db, {
    actorId: actor.id,
    action: 'dossier.export',
    target: scope.id,
    details: { scope: scope.kind, redaction, items: scope.items.length, keyId: key.keyId },
    ip: actor.ip
  });
  const exportedAt = new Date();
  const subject = await subjectOf(db, scope, { id: actor.id ?? '' });
  const context: PayloadContext = {
    db,
    store: config,
    origin: request.origin,
    scope,
    includes: includes(redaction, (item) => scope.roles[item.id] ?? null),
    redaction
  };
  const summaries: ItemSummary[] = [];
  const payload: PayloadFile[] = [
    ...itemFiles(context, summaries),
    { path: 'custody.json', content: () => custodyJson(db, scope) },
    {
      path: 'record.json',
      content: () =>
        recordJson(
          context,
          {
            exportedAt,
            exportedBy: { id: actor.id, name: actor.name },
            keyId: key.keyId,
            subject: subject?.record
          },
          summaries
        )
    },
    {
      path: 'report.pdf',
      stored: true,
      content: async (written) =>
        reportPdf({
          db,
          store: config,
          scope,
          summaries,
          redaction,
          exportedAt,
          exportedBy: actor.name,
          keyId: key.keyId,
          fingerprint: fingerprintOf(written),
          subject: subject?.lines
        })
    }
  ];
  const timestamp = config.tsaUrl
    ? (signature: Buffer) => requestTimestamp(config.tsaUrl!, signature)
    : undefined;
  const stream = streamBag({
    payload,
    now: exportedAt,
    key,
    timestamp,
    info: (manifest) => [
      ['Source-Organization', config.organization],
      [
        'External-Description',
        `Athar dossier of the ${scope.kind} "${scope.title}" (${scope.id}) in the collection "${scope.collection.name}": ${scope.items.length} item(s).`
      ],
      ['External-Identifier', `${scope.kind}/${scope.id}`],
      ['Athar-Redaction', redaction],
      ['Athar-Fingerprint', fingerprintOf(manifest)],
      ['Athar-Signing-Key-Id', key.keyId],
      ['Athar-Exported-By', actor.name]
    ],
    tagFiles: [
      { path: 'VERIFY.md', content: () => verifyMd(key.keyId, timestamp !== undefined) },
      { path: 'verify.html', content: () => verifyHtml(key.keyId) },
      { path: 'athar-signing-key.pem', content: () => key.publicKeyPem }
    ]
  });
  const included = new Set(scope.items.filter(context.includes).map((i) => i.sha256));
  const estimatedBytes = scope.items
    .filter((i) => included.delete(i.sha256))
    .reduce((n, i) => n + i.bytes, 0);
  const stamp = exportedAt.toISOString().slice(0, 10);
  return { stream, fileName: `athar-dossier-${scope.kind}-${scope.id}-${stamp}.zip`, estimatedBytes };
}
