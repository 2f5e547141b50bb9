/**
 * The one schema of a new person, for the API and the register's form alike. Every string is
 * trimmed, bounded and free of control characters (PostgreSQL refuses a NUL in text); lists are
 * bounded, so a hostile request cannot make a person of a megabyte.
 */
import * as v from 'valibot';
import { NAME_PARTS, partsOfName, type NameParts, type PartValue } from '../../model/names/parts.ts';
import { isId } from '../validate.ts';

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const ARABIC = /[\u0600-\u06ff]/;

export const NAME_MAX = 300;
export const NOTES_MAX = 10_000;
export const LIST_MAX = 20;

/** Text a person writes into the register: trimmed, 1–max characters, no control characters. */
export const text = (field: string, max: number) =>
  v.pipe(
    v.string(`${field} must be text of 1–${max} characters`),
    v.trim(),
    v.minLength(1, `${field} must be text of 1–${max} characters`),
    v.maxLength(max, `${field} must be text of 1–${max} characters`),
    v.check((s) => !CONTROL.test(s), `${field} must not contain control characters`)
  );
const optionalText = (field: string, max: number) => v.optional(v.nullable(text(field, max)));

/** A partial date as documents give it: 1982, 1982-03 or 1982-03-14. */
const PartialDate = (field: string) =>
  v.optional(
    v.nullable(
      v.pipe(
        v.string(`${field} must be YYYY, YYYY-MM or YYYY-MM-DD`),
        v.regex(
          /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/,
          `${field} must be YYYY, YYYY-MM or YYYY-MM-DD`
        )
      )
    )
  );

const PartSchema = (part: string) =>
  v.union(
    [
      text(`nameParts.${part}`, 100),
      v.object({
        ar: v.optional(text(`nameParts.${part}.ar`, 100)),
        la: v.optional(text(`nameParts.${part}.la`, 100))
      })
    ],
    `nameParts.${part} must be text, or { ar, la } of 1–100 characters each`
  );

const NamePartsSchema = v.strictObject(
  Object.fromEntries(NAME_PARTS.map((p) => [p, v.optional(PartSchema(p))])) as Record<
    (typeof NAME_PARTS)[number],
    v.OptionalSchema<ReturnType<typeof PartSchema>, undefined>
  >,
  `nameParts must be an object with only ${NAME_PARTS.join(', ')}`
);

export const NewPersonSchema = v.object({
  collectionId: v.custom<string>(isId, 'collectionId must be a collection id'),
  name: text('name', NAME_MAX),
  nameLatin: optionalText('nameLatin', NAME_MAX),
  nameParts: v.optional(NamePartsSchema),
  namesWritten: v.optional(
    v.pipe(
      v.array(
        v.object({
          text: text('namesWritten.text', NAME_MAX),
          source: optionalText('namesWritten.source', 300)
        }),
        `namesWritten must list at most ${LIST_MAX} names`
      ),
      v.maxLength(LIST_MAX, `namesWritten must list at most ${LIST_MAX} names`)
    ),
    []
  ),
  birthDate: PartialDate('birthDate'),
  birthPlace: optionalText('birthPlace', 200),
  arrestDate: PartialDate('arrestDate'),
  arrestPlace: optionalText('arrestPlace', 200),
  branch: optionalText('branch', 200),
  detaineeNumbers: v.optional(
    v.pipe(
      v.array(text('detaineeNumbers[]', 64), `detaineeNumbers must list at most ${LIST_MAX} numbers`),
      v.maxLength(LIST_MAX, `detaineeNumbers must list at most ${LIST_MAX} numbers`)
    ),
    []
  ),
  notes: optionalText('notes', NOTES_MAX)
});
export type NewPersonInput = v.InferOutput<typeof NewPersonSchema>;

const scriptOf = (s: string): keyof PartValue => (ARABIC.test(s) ? 'ar' : 'la');

/**
 * The name parts of a new person: those given (a plain string goes to its own script); in a script
 * no part was given in, the parts are read from the full name written in it (the usual order).
 */
export function resolveParts(input: NewPersonInput): NameParts {
  const parts: NameParts = {};
  for (const [part, value] of Object.entries(input.nameParts ?? {})) {
    if (value === undefined) continue;
    parts[part as keyof NameParts] = typeof value === 'string' ? { [scriptOf(value)]: value } : { ...value };
  }
  for (const written of [input.name, input.nameLatin]) {
    if (!written) continue;
    const script = scriptOf(written);
    if (Object.values(parts).some((value) => value[script])) continue;
    for (const [part, value] of Object.entries(partsOfName(written))) {
      const slot = (parts[part as keyof NameParts] ??= {});
      slot[script] ??= value;
    }
  }
  return parts;
}

/** The register's new-person form as the object NewPersonSchema reads (empty fields left out). */
export function personFromForm(form: FormData, collectionId: string): Record<string, unknown> {
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  };
  const parts = Object.fromEntries(NAME_PARTS.map((p) => [p, field(p)]).filter(([, v]) => v !== undefined));
  const number = field('detaineeNumber');
  return {
    collectionId,
    name: form.get('name') ?? '',
    nameLatin: field('nameLatin'),
    nameParts: Object.keys(parts).length ? parts : undefined,
    birthDate: field('birthDate'),
    birthPlace: field('birthPlace'),
    arrestDate: field('arrestDate'),
    arrestPlace: field('arrestPlace'),
    branch: field('branch'),
    detaineeNumbers: number ? [number] : [],
    notes: field('notes')
  };
}
