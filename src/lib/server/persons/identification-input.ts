/** The schemas of the identification requests (API and the person page's forms alike). */
import * as v from 'valibot';
import { IDENTIFIER_MAX } from '../../model/identifiers.ts';
import { isId } from '../validate.ts';
import { text } from './input.ts';

/** `{ personId, bodyId }`, or `{ personId, identifier }` naming the body by one of its identifiers. */
export const ProposeSchema = v.pipe(
  v.object({
    personId: v.custom<string>(isId, 'personId must be a person id'),
    bodyId: v.optional(v.custom<string>(isId, 'bodyId must be a body id')),
    identifier: v.optional(text('identifier', IDENTIFIER_MAX)),
    note: v.optional(text('note', 2000))
  }),
  v.check(
    (input) => (input.bodyId === undefined) !== (input.identifier === undefined),
    'Send bodyId or identifier (one of them).'
  )
);

export const ExcludeSchema = v.object({ reason: text('reason', 2000) });
