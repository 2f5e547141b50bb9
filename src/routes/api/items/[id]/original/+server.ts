import fs from 'node:fs';
import { Readable } from 'node:stream';
import { audit } from '$lib/server/audit/log';
import { recordView } from '$lib/server/evidence/items';
import { originalPath } from '$lib/server/evidence/store';
import { apiError, requireApiItem } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The exact original bytes, as evidence: every download is recorded as a view and audited. */
export const GET: RequestHandler = async ({ locals, params, getClientAddress }) => {
  const { user, item, response } = await requireApiItem(locals, params.id);
  if (response) return response;
  const { db, config } = locals.runtime;
  const file = originalPath(config, item.sha256);
  if (!fs.existsSync(file))
    return apiError('not_found', 'The original is missing from the store; run `athar fixity`.');
  await recordView(db, item.id, user.id, 'original');
  await audit(db, {
    actorId: user.id,
    action: 'evidence.download_original',
    target: item.id,
    details: { sha256: item.sha256 },
    ip: getClientAddress()
  });
  const name = encodeURIComponent(item.original_name);
  return new Response(Readable.toWeb(fs.createReadStream(file)) as ReadableStream, {
    headers: {
      'Content-Type': item.mime,
      'Content-Length': String(item.bytes),
      'Content-Disposition': `attachment; filename*=UTF-8''${name}`,
      Digest: `sha-256=${Buffer.from(item.sha256, 'hex').toString('base64')}`,
      'Cache-Control': 'private, no-store'
    }
  });
};
