import exifr from 'exifr';

export type ExifSummary = {
  capturedAt?: string;
  make?: string;
  model?: string;
  gps?: { latitude: number; longitude: number };
};

/** The provenance-relevant EXIF fields; an image without (or with broken) EXIF gives `{}`. */
export async function readExif(file: string): Promise<ExifSummary> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = await exifr.parse(file, {
      pick: [
        'DateTimeOriginal',
        'CreateDate',
        'Make',
        'Model',
        'GPSLatitude',
        'GPSLongitude',
        'GPSLatitudeRef',
        'GPSLongitudeRef'
      ],
      gps: true
    });
  } catch {
    return {};
  }
  if (!tags) return {};
  const summary: ExifSummary = {};
  const when = tags.DateTimeOriginal ?? tags.CreateDate;
  if (when instanceof Date && !Number.isNaN(when.getTime())) summary.capturedAt = when.toISOString();
  if (typeof tags.Make === 'string') summary.make = tags.Make.trim().slice(0, 200);
  if (typeof tags.Model === 'string') summary.model = tags.Model.trim().slice(0, 200);
  const { latitude, longitude } = tags as { latitude?: unknown; longitude?: unknown };
  if (
    typeof latitude === 'number' &&
    typeof longitude === 'number' &&
    Number.isFinite(latitude + longitude)
  ) {
    summary.gps = { latitude, longitude };
  }
  return summary;
}
