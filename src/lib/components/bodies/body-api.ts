/** The body page's calls to the bodies API; each resolves to an error message or null. */
import { apiMessage } from '$lib/components/collection/selection-api';

async function send(method: string, path: string, body: unknown): Promise<string | null> {
  const response = await fetch(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  });
  return response.ok ? null : apiMessage(response);
}

export const patchBody = (bodyId: string, change: Record<string, unknown>) =>
  send('PATCH', `/api/bodies/${bodyId}`, change);

export const enterIdentifier = (bodyId: string, kind: string, value: string) =>
  send('POST', `/api/bodies/${bodyId}/identifiers`, { kind, value });
