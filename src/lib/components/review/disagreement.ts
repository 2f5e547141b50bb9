/** What differs between the findings of one group (pure). */
import type { AnnotationRecord } from '$lib/model/document-schema';

export type Disagreement = { unmatched: boolean; lesionType: boolean; consistency: boolean };

export function disagreement(
  records: Array<AnnotationRecord | undefined>,
  reviewsInGroup: number,
  reviews: number
): Disagreement {
  const distinct = (field: 'lesionType' | 'consistency') =>
    new Set(records.map((r) => String(r?.finding[field] ?? ''))).size > 1;
  return {
    unmatched: reviewsInGroup < reviews,
    lesionType: records.length > 1 && distinct('lesionType'),
    consistency: records.length > 1 && distinct('consistency')
  };
}
