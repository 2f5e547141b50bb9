/** A matcher's reason ("father's name differs") in words, in the reader's language. */
import { translate, type Locale } from '../../i18n/index.ts';
import type { Reason } from './score.ts';

export function reasonText(locale: Locale, reason: Reason): string {
  return translate(locale, `persons.verdict.${reason.verdict}`, {
    part: translate(locale, `persons.part.${reason.part}`)
  });
}
