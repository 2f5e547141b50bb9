/**
 * `GET /api/items|queues|collections|bodies|persons/:id/dossier`
 * (`?redact=none|all-photos|face-and-tag`): who may (auth/access/dossiers.ts `dossierForUser`), then the zip,
 * streamed. `X-Athar-Estimated-Bytes` (the originals' size) lets a browser show progress: the
 * zip's exact length is known only once it is written.
 */
import { Readable } from 'node:stream';
import { dossierForUser, type DossierRef } from '../auth/access/dossiers.ts';
import { apiError, requireApiUser } from '../http/api.ts';
import { exportDossier } from './export.ts';
import { checkRedaction } from './redaction.ts';
import { resolveScope } from './scope.ts';

const REFUSED = {
  blind: 'You are reviewing items of this collection blind: a dossier would show you their other reviews.',
  role: 'Only coordinators, administrators and observers export dossiers, of collections they belong to.',
  missing: {
    item: 'No such item.',
    queue: 'No such queue.',
    collection: 'No such collection.',
    body: 'No such body.',
    person: 'No such person.'
  }
} as const;

export async function dossierResponse(
  locals: App.Locals,
  ref: DossierRef,
  url: URL,
  ip: string
): Promise<Response> {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const { db, config } = locals.runtime;
  const access = await dossierForUser(db, user, ref);
  if (!access.ok)
    return access.status === 404
      ? apiError('not_found', REFUSED.missing[ref.kind])
      : apiError('forbidden', access.blind ? REFUSED.blind : REFUSED.role);
  const redaction = checkRedaction(url.searchParams.get('redact'));
  if (!redaction.ok) return apiError('bad_request', redaction.message);
  const scope = await resolveScope(db, ref);
  if (!scope) return apiError('not_found', REFUSED.missing[ref.kind]);
  const dossier = await exportDossier(
    { db, config },
    { scope, redaction: redaction.value, actor: { id: user.id, name: user.name, ip }, origin: url.origin }
  );
  return new Response(Readable.toWeb(dossier.stream) as ReadableStream, {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${dossier.fileName}"`,
      'X-Athar-Estimated-Bytes': String(dossier.estimatedBytes),
      'Cache-Control': 'private, no-store'
    }
  });
}
