/** The annotations of a layer as a W3C Web Annotation AnnotationPage (JSON-LD). */
import type { AnnotationRecord } from '../../model/document-schema.ts';
import { W3C_CONTEXT, toW3C } from '../../model/w3c.ts';

export const W3C_HEADERS = { 'Content-Type': 'application/ld+json' };

export function annotationPage(origin: string, itemId: string, records: AnnotationRecord[]) {
  const itemUrl = `${origin}/api/items/${itemId}`;
  const userUrl = (userId: string) => `${origin}/api/users/${userId}`;
  return {
    '@context': W3C_CONTEXT,
    id: `${itemUrl}/annotations`,
    type: 'AnnotationPage',
    items: records.map((r) => ({
      ...toW3C(r, itemUrl, userUrl),
      // Only with ?include=deleted: a deleted finding, marked as such.
      ...(r.deleted && {
        'athar:deleted': {
          by: userUrl(r.deleted.by),
          at: new Date(r.deleted.at).toISOString(),
          reason: r.deleted.reason
        }
      })
    }))
  };
}
