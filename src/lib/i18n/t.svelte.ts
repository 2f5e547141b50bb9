import { page } from '$app/state';
import { apiErrorText, type ApiError } from './api-errors.ts';
import { isolateParams } from './bidi.ts';
import { direction, translate, type Locale, type MessageKey, type ParamsArg } from './index.ts';

function pageLocale(): Locale {
  return (page.data.locale as Locale | undefined) ?? 'en';
}

/** Translates in the page's locale (set by the root layout's data); reactive in templates.
 * String parameters (names, file names) are bidi-isolated so they cannot reorder the sentence. */
export function t<K extends MessageKey>(key: K, ...[params]: ParamsArg<K>): string {
  const locale = pageLocale();
  return translate(locale, key, ...([params && isolateParams(params, direction(locale))] as ParamsArg<K>));
}

/** An API error answer (`{ error: { code, message } }`) in the page's locale. */
export function tApiError(status: number, error: ApiError): string {
  return apiErrorText(pageLocale(), status, error);
}
