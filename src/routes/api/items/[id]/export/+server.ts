import { itemRoom } from '$lib/model/rooms';
import { apiError } from '$lib/server/http/api';
import { pagesOf } from '$lib/server/evidence/items';
import { exportTei, exportText } from '$lib/server/transcription/export';
import { pageAccess } from '$lib/server/transcription/page-access';
import type { RequestHandler } from './$types';

/** `?format=txt|tei`: the whole document this page belongs to (or the page alone), every page in order. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const page = await pageAccess(locals, params.id, false);
  if (page.response) return page.response;
  const format = url.searchParams.get('format') ?? 'txt';
  if (format !== 'txt' && format !== 'tei') return apiError('bad_request', 'format must be txt or tei');
  const { item, collab } = page;
  const members = item.document_id
    ? await pagesOf(page.runtime.db, item.document_id)
    : [{ id: item.id, page: item.page_index }];
  const pages = await Promise.all(
    members.map(async (m) => ({ page: m.page, itemId: m.id, doc: await collab.read(itemRoom(m.id)) }))
  );
  const title = item.original_name;
  const base = title.replace(/\.[^.]+$/, '');
  const body = format === 'tei' ? exportTei(title, pages, item.sha256) : exportText(title, pages);
  return new Response(body, {
    headers: {
      'Content-Type': format === 'tei' ? 'application/tei+xml; charset=utf-8' : 'text/plain; charset=utf-8',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`${base}.${format === 'tei' ? 'tei.xml' : 'txt'}`)}`
    }
  });
};
