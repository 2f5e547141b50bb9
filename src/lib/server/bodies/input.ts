/**
 * The one schema of each bodies request, for the API, the forms and the CLI alike. Every id has the
 * id shape, every list a bound, every string is free of NUL and control characters (PostgreSQL
 * refuses a NUL in text, so an unchecked one would become a 500) and within its length.
 */
import * as v from 'valibot';
import { BODY_ITEM_ROLES, BODY_STATUSES } from '../../model/bodies.ts';
import { IDENTIFIER_KINDS, IDENTIFIER_MAX, normalizeIdentifier } from '../../model/identifiers.ts';
import { isId } from '../validate.ts';

export { checkRequest as checkInput } from '../validate.ts';

/** Photos of one body: the Caesar files have up to ~20; 500 leaves room and bounds the work. */
export const BODY_ITEMS_MAX = 500;
export const BODY_IDENTIFIERS_MAX = 20;
export const NOTES_MAX = 10_000;

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- one-line values refuse line breaks too
const CONTROL_LINE = /[\u0000-\u001f\u007f]/;

const Id = v.custom<string>(isId, 'must be an id');

const itemIds = (name: string, min = 1) =>
  v.pipe(
    v.array(Id, `${name} must list ${min}–${BODY_ITEMS_MAX} item ids`),
    v.minLength(min, `${name} must list ${min}–${BODY_ITEMS_MAX} item ids`),
    v.maxLength(BODY_ITEMS_MAX, `${name} must list ${min}–${BODY_ITEMS_MAX} item ids`),
    v.check((ids) => new Set(ids).size === ids.length, `${name} must not repeat an item`)
  );

const Kind = v.picklist(IDENTIFIER_KINDS, `kind must be one of ${IDENTIFIER_KINDS.join(', ')}`);
const Role = v.picklist(BODY_ITEM_ROLES, `role must be one of ${BODY_ITEM_ROLES.join(', ')}`);

/** An identifier as written: 1–64 characters on one line, with at least one letter or digit. */
const IdentifierValue = v.pipe(
  v.string(`value must be 1–${IDENTIFIER_MAX} characters`),
  v.trim(),
  v.minLength(1, `value must be 1–${IDENTIFIER_MAX} characters`),
  v.maxLength(IDENTIFIER_MAX, `value must be 1–${IDENTIFIER_MAX} characters`),
  v.check((s) => !CONTROL_LINE.test(s), 'value must be one line without control characters'),
  v.check((s) => normalizeIdentifier(s) !== '', 'value must contain a letter or a digit')
);

/** A region of a photo where the identifier is legible: a W3C pixel fragment. */
const Region = v.pipe(
  v.string('region must be xywh=pixel:x,y,w,h'),
  v.regex(/^xywh=pixel:\d{1,6},\d{1,6},\d{1,6},\d{1,6}$/, 'region must be xywh=pixel:x,y,w,h')
);

export const IdentifierEntrySchema = v.object({
  kind: Kind,
  value: IdentifierValue,
  /** The identifier this entry transcribes again (double entry); without it, see identifiers.ts. */
  identifierId: v.optional(Id),
  itemId: v.optional(Id),
  region: v.optional(Region)
});
export type IdentifierEntryInput = v.InferOutput<typeof IdentifierEntrySchema>;

export const CreateBodySchema = v.object({
  collectionId: Id,
  itemIds: itemIds('itemIds'),
  identifiers: v.optional(
    v.pipe(
      v.array(
        v.object({ kind: Kind, value: IdentifierValue }),
        `identifiers must list at most ${BODY_IDENTIFIERS_MAX}`
      ),
      v.maxLength(BODY_IDENTIFIERS_MAX, `identifiers must list at most ${BODY_IDENTIFIERS_MAX}`)
    ),
    []
  )
});
export type CreateBodyInput = v.InferOutput<typeof CreateBodySchema>;

const IsoDate = v.nullable(
  v.pipe(
    v.string('dates must be YYYY-MM-DD'),
    v.isoDate('dates must be YYYY-MM-DD'),
    // A real calendar day: 2013-02-30 does not survive the round trip.
    v.check((s) => new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s, 'dates must be YYYY-MM-DD')
  )
);

export const PatchBodySchema = v.pipe(
  v.object({
    /** The full ordered list of the body's photos with their roles: absent photos leave the body. */
    items: v.optional(
      v.pipe(
        v.array(v.object({ itemId: Id, role: Role }), `items must list 1–${BODY_ITEMS_MAX} photos`),
        v.minLength(1, `items must list 1–${BODY_ITEMS_MAX} photos`),
        v.maxLength(BODY_ITEMS_MAX, `items must list 1–${BODY_ITEMS_MAX} photos`),
        v.check((l) => new Set(l.map((i) => i.itemId)).size === l.length, 'items must not repeat a photo')
      )
    ),
    addItemIds: v.optional(itemIds('addItemIds')),
    removeItemIds: v.optional(itemIds('removeItemIds')),
    /** Take photos that belong to another body (a move); otherwise that is a 409. */
    move: v.optional(v.boolean('move must be true or false'), false),
    branchId: v.optional(v.nullable(Id)),
    diedOn: v.optional(IsoDate),
    photographedOn: v.optional(IsoDate),
    notes: v.optional(
      v.pipe(
        v.string(`notes must be at most ${NOTES_MAX} characters`),
        v.maxLength(NOTES_MAX, `notes must be at most ${NOTES_MAX} characters`),
        v.check((s) => !CONTROL.test(s), 'notes must not contain control characters')
      )
    ),
    status: v.optional(v.picklist(BODY_STATUSES, `status must be one of ${BODY_STATUSES.join(', ')}`))
  }),
  v.check(
    (p) => !(p.items && (p.addItemIds || p.removeItemIds)),
    'send either items or addItemIds/removeItemIds, not both'
  )
);
export type PatchBodyInput = v.InferOutput<typeof PatchBodySchema>;

export const SplitSchema = v.object({ itemIds: itemIds('itemIds') });
export const MergeSchema = v.object({ bodyId: Id });
export const ResolveSchema = v.object({ value: IdentifierValue });

const BranchName = (name: string) =>
  v.pipe(
    v.string(`${name} must be 1–200 characters`),
    v.trim(),
    v.minLength(1, `${name} must be 1–200 characters`),
    v.maxLength(200, `${name} must be 1–200 characters`),
    v.check((s) => !CONTROL_LINE.test(s), `${name} must not contain control characters`)
  );

export const BranchSchema = v.object({
  number: IdentifierValue,
  nameAr: BranchName('nameAr'),
  nameEn: BranchName('nameEn')
});
export type BranchInput = v.InferOutput<typeof BranchSchema>;
export const BranchPatchSchema = v.partial(BranchSchema);
