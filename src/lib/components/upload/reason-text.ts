/**
 * A refusal of the ingest (`reasonCode` + `reasonParams` of an upload's answer, reasons.ts) in the
 * page's language. Technical detail from libvips or the file system stays as the server wrote it.
 */
import type { IngestReason } from '$lib/server/evidence/reasons';
import type { MessageKey } from '$lib/i18n';
import { formatBytes, formatNumber } from '$lib/i18n/format';
import { t } from '$lib/i18n/t.svelte';

type PlainCode = Extract<IngestReason, { params: Record<string, never> }>['code'];

const PLAIN = {
  empty: 'upload.reason_empty',
  not_regular_file: 'upload.reason_not_regular_file',
  not_a_file: 'upload.reason_not_a_file',
  symlink_loop: 'upload.reason_symlink_loop',
  missing: 'upload.reason_missing',
  permission_denied: 'upload.reason_permission_denied',
  inside_data_dir: 'upload.reason_inside_data_dir',
  duplicate: 'upload.reason_duplicate',
  ingested_concurrently: 'upload.reason_ingested_concurrently',
  not_an_image: 'upload.reason_not_an_image',
  no_dimensions: 'upload.reason_no_dimensions',
  truncated: 'upload.reason_truncated'
} as const satisfies Record<PlainCode, MessageKey>;

export function reasonText(reason: IngestReason, locale: string): string {
  switch (reason.code) {
    case 'unreadable':
      return t('upload.reason_unreadable', reason.params);
    case 'unreadable_directory':
      return t('upload.reason_unreadable_directory', reason.params);
    case 'too_many_pixels':
      return t('upload.reason_too_many_pixels', { limit: formatNumber(locale, reason.params.limit) });
    case 'unreadable_image':
      return t('upload.reason_unreadable_image', reason.params);
    case 'unsupported_format':
      return t('upload.reason_unsupported_format', reason.params);
    case 'page_no_dimensions':
      return t('upload.reason_page_no_dimensions', { page: formatNumber(locale, reason.params.page) });
    case 'too_many_pages':
      return t('upload.reason_too_many_pages', {
        count: formatNumber(locale, reason.params.count),
        limit: formatNumber(locale, reason.params.limit)
      });
    case 'unreadable_page':
      return t('upload.reason_unreadable_page', {
        page: formatNumber(locale, reason.params.page),
        detail: reason.params.detail
      });
    case 'damaged':
      return t('upload.reason_damaged');
    case 'too_large':
      return t('upload.reason_too_large', { limit: formatBytes(locale, reason.params.limit) });
    case 'internal':
      return t('upload.reason_internal');
    default:
      return t(PLAIN[reason.code]);
  }
}
