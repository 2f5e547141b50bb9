import { dossierResponse } from '$lib/server/dossier/http';
import type { RequestHandler } from './$types';

/** The signed dossier (BagIt zip) of the queue; `?redact=none|all-photos|face-and-tag`. */
export const GET: RequestHandler = ({ locals, params, url, getClientAddress }) =>
  dossierResponse(locals, { kind: 'queue', id: params.id }, url, getClientAddress());
