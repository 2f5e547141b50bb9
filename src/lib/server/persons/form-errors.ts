/**
 * The persons owners refuse in English (the API's `{ error: { code, message } }` contract); the
 * persons pages show a refusal in the reader's language instead. A known refusal has its message
 * key; a refused field of a form is named by its label; anything else is said by its status.
 */
import { fail } from '@sveltejs/kit';
import { translate, type Locale, type MessageKey } from '../../i18n/index.ts';

const REFUSALS: Record<string, MessageKey> = {
  'No such person.': 'persons.error_person',
  'A person cannot be merged into themselves.': 'persons2.error.merge_self',
  'One of the two persons is already merged into another.': 'persons2.error.already_merged',
  'Other persons were merged into this one: merge this one the other way round.':
    'persons2.error.merge_target',
  'This person is not merged into another.': 'persons2.error.not_merged',
  'A person is not distinct from themselves.': 'persons2.error.distinct_self',
  'The person and the body belong to different collections.': 'persons2.error.other_collection',
  'This body and this person already have an identification.': 'persons2.error.already_proposed',
  'Only forensic experts and coordinators confirm identifications.': 'persons2.error.confirm_role',
  'Only forensic experts and coordinators exclude identifications.': 'persons2.error.exclude_role',
  'Only forensic experts and coordinators propose identifications.': 'persons2.error.propose_role',
  'No such identification.': 'persons2.error.no_identification',
  'This identification is already confirmed.': 'persons2.error.already_confirmed',
  'This identification is already excluded.': 'persons2.error.already_excluded',
  'You have already confirmed this identification: a second, different person must confirm it.':
    'persons2.error.confirmed_twice',
  'No body of this collection has this identifier.': 'persons2.error.no_body_identifier',
  'Several bodies have this identifier: propose by body id.': 'persons2.error.several_bodies',
  'No such body.': 'persons2.error.no_body',
  'Send bodyId or identifier (one of them).': 'persons2.error.body_missing',
  'No such mention.': 'persons2.error.no_mention',
  'This person was merged into another: link to that one.': 'persons2.error.link_merged'
};

/** The form fields the schemas (input.ts, identification-input.ts) name in their messages. */
const FIELDS: Record<string, MessageKey> = {
  name: 'persons.name',
  nameLatin: 'persons.name_latin',
  nameParts: 'persons.parts',
  birthDate: 'persons.birth_date',
  birthPlace: 'persons.birth_place',
  arrestDate: 'persons.arrest_date',
  arrestPlace: 'persons.arrest_place',
  branch: 'persons.branch',
  detaineeNumbers: 'persons.detainee_number',
  'detaineeNumbers[]': 'persons.detainee_number',
  notes: 'persons.notes',
  note: 'persons.note',
  reason: 'persons.exclude_reason',
  identifier: 'persons.propose_body',
  bodyId: 'persons.propose_body',
  personId: 'persons2.propose.search'
};

const BY_STATUS: Record<number, MessageKey> = {
  403: 'persons2.error.forbidden',
  404: 'persons2.error.not_found',
  409: 'persons2.error.conflict'
};

/** A refusal's message in the reader's language (see the header). */
export function formError(locale: Locale, status: number, message: string): string {
  const known = REFUSALS[message];
  if (known) return translate(locale, known);
  const field = /^([\w.[\]]+) (?:must|is invalid)/.exec(message)?.[1];
  const label = field ? FIELDS[field] : undefined;
  if (status === 400 && label)
    return translate(locale, 'persons2.error.field', { field: translate(locale, label) });
  return translate(locale, BY_STATUS[status] ?? 'persons2.error.invalid');
}

/** A form action's refusal, said in the reader's language; `extra` goes back to the form as is. */
export function refusedForm<T extends Record<string, unknown>>(
  locale: Locale,
  status: number,
  message: string,
  extra?: T
) {
  return fail(status, { ...extra, error: formError(locale, status, message) });
}
