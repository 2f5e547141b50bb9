import http from 'node:http';
import type { Instance } from './athar.ts';

/**
 * A browser-style upload (`POST /api/collections/:id/uploads`, bearer `token`, X-Upload-Id `id`)
 * whose body is held open after its first KiB until `finish()`: the upload runs meanwhile, and
 * `answered` is the server's answer.
 */
export function openUpload(athar: Instance, collectionId: string, token: string, id: string, body: Buffer) {
  const url = new URL(`/api/collections/${collectionId}/uploads?kind=photo`, athar.url);
  const req = http.request(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'x-file-name': 'large.jpg',
      'x-upload-id': id,
      'content-length': body.length
    }
  });
  const answered = new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
  });
  req.write(body.subarray(0, 1024));
  return { answered, finish: () => req.end(body.subarray(1024)) };
}
