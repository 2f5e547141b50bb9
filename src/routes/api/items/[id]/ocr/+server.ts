import { json } from '@sveltejs/kit';
import { appendParagraphs } from '$lib/model/draft';
import { itemRoom } from '$lib/model/rooms';
import { audit } from '$lib/server/audit/log';
import { originalPath } from '$lib/server/evidence/store';
import { apiError, jsonBody } from '$lib/server/http/api';
import { OCR_LANGUAGES, ocrImage, recognise, type OcrLanguage } from '$lib/server/transcription/ocr';
import { pageAccess } from '$lib/server/transcription/page-access';
import type { RequestHandler } from './$types';

/** `{ lang: "ara" | "eng" }`: OCR of the page, appended to the transcription as a draft to correct. */
export const POST: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
  const page = await pageAccess(locals, params.id, true);
  if (page.response) return page.response;
  const body = await jsonBody(request, 'Send { "lang": "ara" | "eng" }.');
  if (!body.ok) return body.response;
  const lang = (body.value as Record<string, unknown> | null)?.lang ?? 'ara';
  if (!OCR_LANGUAGES.includes(lang as OcrLanguage))
    return apiError('bad_request', `lang must be one of ${OCR_LANGUAGES.join(', ')}`);
  const text = await recognise(
    await ocrImage(originalPath(page.runtime.config, page.item.sha256), page.item.page_index),
    lang as OcrLanguage
  );
  if (text) await page.collab.edit(itemRoom(params.id), page.user.id, (doc) => appendParagraphs(doc, text));
  await audit(page.runtime.db, {
    actorId: page.user.id,
    action: 'transcription.ocr',
    target: params.id,
    details: { lang, characters: text.length },
    ip: getClientAddress()
  });
  return json({ text });
};
