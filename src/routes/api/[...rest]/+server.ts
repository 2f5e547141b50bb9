import { apiError } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Unknown API paths answer in the API's error shape, not with an HTML page. */
export const fallback: RequestHandler = () => apiError('not_found', 'No such endpoint.');
