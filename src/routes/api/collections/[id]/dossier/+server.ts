import { dossierResponse } from '$lib/server/dossier/http';
import type { RequestHandler } from './$types';

/** The signed dossier (BagIt zip) of the collection; `?redact=none|all-photos|face-and-tag`. */
export const GET: RequestHandler = ({ locals, params, url, getClientAddress }) =>
  dossierResponse(locals, { kind: 'collection', id: params.id }, url, getClientAddress());
