/**
 * Why a file was refused (or not stored): the one owner of ingest and upload reasons. A reason is a
 * code with its parameters, so the interface words it in the reader's language
 * (`components/upload/reason-text.ts`); `reasonText` words it in English for the CLI, the log and
 * the API's `reason` (scripts and tests match these texts: change them only on purpose).
 */
export type IngestReason =
  | { code: 'empty'; params: Record<string, never> }
  | { code: 'not_regular_file'; params: Record<string, never> }
  | { code: 'not_a_file'; params: Record<string, never> }
  | { code: 'symlink_loop'; params: Record<string, never> }
  | { code: 'missing'; params: Record<string, never> }
  | { code: 'permission_denied'; params: Record<string, never> }
  | { code: 'unreadable'; params: { detail: string } }
  | { code: 'unreadable_directory'; params: { detail: string } }
  | { code: 'inside_data_dir'; params: Record<string, never> }
  | { code: 'duplicate'; params: Record<string, never> }
  | { code: 'ingested_concurrently'; params: Record<string, never> }
  | { code: 'too_many_pixels'; params: { limit: number } }
  | { code: 'not_an_image'; params: Record<string, never> }
  | { code: 'unreadable_image'; params: { detail: string } }
  | { code: 'unsupported_format'; params: { format: string } }
  | { code: 'no_dimensions'; params: Record<string, never> }
  | { code: 'page_no_dimensions'; params: { page: number } }
  | { code: 'too_many_pages'; params: { count: number; limit: number } }
  | { code: 'unreadable_page'; params: { page: number; detail: string } }
  | { code: 'truncated'; params: Record<string, never> }
  | { code: 'damaged'; params: { detail: string | null } }
  | { code: 'too_large'; params: { limit: number } }
  | { code: 'internal'; params: { detail: string } };

export type ReasonCode = IngestReason['code'];

/** A reason without parameters, by its code. */
export function plain(code: Extract<IngestReason, { params: Record<string, never> }>['code']): IngestReason {
  return { code, params: {} } as IngestReason;
}

/** The English wording, as the CLI has always printed it. */
export function reasonText(reason: IngestReason): string {
  switch (reason.code) {
    case 'empty':
      return 'empty file (0 bytes)';
    case 'not_regular_file':
      return 'not a regular file';
    case 'not_a_file':
      return 'not a file';
    case 'symlink_loop':
      return 'symlink loop';
    case 'missing':
      return 'unreadable: the file (or the target of its link) does not exist';
    case 'permission_denied':
      return 'unreadable: permission denied';
    case 'unreadable':
      return `unreadable: ${reason.params.detail}`;
    case 'unreadable_directory':
      return `unreadable directory: ${reason.params.detail}`;
    case 'inside_data_dir':
      return 'inside the data directory (DATA_DIR): not ingested';
    case 'duplicate':
      return 'already in this collection';
    case 'ingested_concurrently':
      return 'ingested concurrently';
    case 'too_many_pixels':
      return `image too large: more than ${reason.params.limit.toLocaleString('en')} pixels (decompression bomb?)`;
    case 'not_an_image':
      return 'not an image in a supported format';
    case 'unreadable_image':
      return `unreadable image: ${reason.params.detail}`;
    case 'unsupported_format':
      return `unsupported format: ${reason.params.format} (accepted: JPEG, PNG, TIFF, WebP)`;
    case 'no_dimensions':
      return 'image has no dimensions';
    case 'page_no_dimensions':
      return `page ${reason.params.page} has no dimensions`;
    case 'too_many_pages':
      return `too many pages: ${reason.params.count} (at most ${reason.params.limit})`;
    case 'unreadable_page':
      return `unreadable page ${reason.params.page}: ${reason.params.detail}`;
    case 'truncated':
      return 'cannot decode image: premature end of file (the file is truncated)';
    case 'damaged':
      return `cannot decode image: ${reason.params.detail ?? 'the image data is damaged'}`;
    case 'too_large':
      return 'The file is larger than 2 GiB.';
    case 'internal':
      return `internal error: ${reason.params.detail}`;
  }
}

/** The fields a result carries: the English `reason` beside its code and parameters. */
export function because(reason: IngestReason): {
  reason: string;
  reasonCode: ReasonCode;
  reasonParams: IngestReason['params'];
} {
  return { reason: reasonText(reason), reasonCode: reason.code, reasonParams: reason.params };
}
