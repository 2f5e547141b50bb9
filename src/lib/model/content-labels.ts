/**
 * Content labels, shared by the browser (what to show before a photograph opens) and the server
 * (`$lib/server/wellbeing/labels.ts`, what to store). A severity 1–3 and tags from a fixed list,
 * so that the queue's summary and the content note can count and translate them.
 */
export const SEVERITIES = [1, 2, 3] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONTENT_TAGS = [
  'face_visible',
  'child',
  'sexual_violence',
  'decomposition',
  'mutilation',
  'burns',
  'starvation',
  'restraints'
] as const;
export type ContentTag = (typeof CONTENT_TAGS)[number];

export type ContentLabel = { severity: Severity | null; tags: ContentTag[] };

/** A label that says nothing (no severity, no tag) is the same as no label. */
export function isEmptyLabel(label: ContentLabel | null): boolean {
  return label === null || (label.severity === null && label.tags.length === 0);
}

/** Two labels as one: the higher severity, the union of the tags (a body's label covers its photos). */
export function combineLabels(labels: Array<ContentLabel | null>): ContentLabel | null {
  const present = labels.filter((l): l is ContentLabel => !isEmptyLabel(l));
  if (present.length === 0) return null;
  const severities = present.map((l) => l.severity).filter((s): s is Severity => s !== null);
  const tags = new Set(present.flatMap((l) => l.tags));
  return {
    severity: severities.length ? (Math.max(...severities) as Severity) : null,
    tags: CONTENT_TAGS.filter((t) => tags.has(t))
  };
}
