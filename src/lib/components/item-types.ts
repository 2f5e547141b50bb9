import type { ContentLabel } from '$lib/model/content-labels';

/** Items as the pages receive them: the fields every view of an item has, and what each view adds. */
export type ItemBase = { id: string; kind: string; originalName: string; width: number; height: number };

/** A thumbnail in a collection's grid. */
export type CardItem = ItemBase & {
  status: string;
  documentId: string | null;
  page: number;
  /** null for an item the reader reviews blind (evidence/items.ts). */
  annotationCount: number | null;
  /** The body the photo belongs to, if any. */
  bodyId?: string | null;
  /** Its content label, its bodies' included (wellbeing/labels.ts). */
  label?: ContentLabel | null;
};

/** The item page's metadata panel: the original as ingested, and what its EXIF says. */
export type ItemDetails = ItemBase & {
  sha256: string;
  mime: string;
  bytes: number;
  originalPath: string;
  originalModifiedAt: string;
  ingestedAt: string;
  exif: {
    capturedAt?: string;
    make?: string;
    model?: string;
    gps?: { latitude: number; longitude: number };
  };
};
