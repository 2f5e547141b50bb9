/**
 * A refusal of the ingest (`reasonCode` + `reasonParams` of an upload's answer, reasons.ts) in the
 * page's language. Technical detail from libvips or the file system stays as the server wrote it.
 */
import type { IngestReason } from '$lib/server/evidence/reasons';
import { formatBytes, formatNumber } from '$lib/i18n/format';
import { t } from '$lib/i18n/t.svelte';

export function reasonText(reason: IngestReason, locale: string): string {
  switch (reason.code) {
    case 'empty':
      return t('upload.reason_empty');
    case 'not_regular_file':
      return t('upload.reason_not_regular_file');
    case 'not_a_file':
      return t('upload.reason_not_a_file');
    case 'symlink_loop':
      return t('upload.reason_symlink_loop');
    case 'missing':
      return t('upload.reason_missing');
    case 'permission_denied':
      return t('upload.reason_permission_denied');
    case 'unreadable':
      return t('upload.reason_unreadable', reason.params);
    case 'unreadable_directory':
      return t('upload.reason_unreadable_directory', reason.params);
    case 'inside_data_dir':
      return t('upload.reason_inside_data_dir');
    case 'duplicate':
      return t('upload.reason_duplicate');
    case 'ingested_concurrently':
      return t('upload.reason_ingested_concurrently');
    case 'too_many_pixels':
      return t('upload.reason_too_many_pixels', { limit: formatNumber(locale, reason.params.limit) });
    case 'not_an_image':
      return t('upload.reason_not_an_image');
    case 'unreadable_image':
      return t('upload.reason_unreadable_image', reason.params);
    case 'unsupported_format':
      return t('upload.reason_unsupported_format', reason.params);
    case 'no_dimensions':
      return t('upload.reason_no_dimensions');
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
    case 'truncated':
      return t('upload.reason_truncated');
    case 'damaged':
      return t('upload.reason_damaged');
    case 'too_large':
      return t('upload.reason_too_large', { limit: formatBytes(locale, reason.params.limit) });
    case 'internal':
      return t('upload.reason_internal');
  }
}
