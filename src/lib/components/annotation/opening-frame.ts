/**
 * Where an item opens: framed on the findings of the layer the viewer shows, with a margin. The
 * layer is the room the page opened — the shared one, or a blind reviewer's own — so a blind
 * reviewer is only ever framed on their own findings, never on where others annotated.
 */
import type { AnnotationRecord } from '$lib/model/document-schema';
import { parseSelector, regionBounds } from '$lib/model/selector';
import { frameAround, type Rect, type Size } from '$lib/components/viewer/region';

export function findingsFrame(records: AnnotationRecord[], image: Size): Rect | null {
  const boxes = records.flatMap((r) => {
    const parsed = parseSelector(r.target, image);
    return parsed.ok ? [regionBounds(parsed.region)] : [];
  });
  return frameAround(boxes, image);
}
