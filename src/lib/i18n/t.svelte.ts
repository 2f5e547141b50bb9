import { page } from '$app/state';
import { translate, type Locale, type MessageKey } from './index.ts';

/** Translates in the page's locale (set by the root layout's data); reactive in templates. */
export function t(key: MessageKey | string, params?: Record<string, string | number>): string {
  return translate((page.data.locale as Locale | undefined) ?? 'en', key, params);
}
