/**
 * Body identifiers (detainee, branch, hospital and report numbers) and their normal form, shared by
 * the browser and the server: the stored `normalized` value, the search by identifier and the double
 * entry's comparison all go through `normalizeIdentifier`, so `٢١٥`, `۲۱۵` and `215` are one number
 * and `12/٣٤`, `12-34` and `12 ـ 34` one reference.
 *
 * Built on the search normaliser (`normalise.ts`: Arabic-Indic ٠–٩ and Persian ۰–۹ digits → 0–9,
 * tatweel and marks dropped, Latin lower case); on top of it compatibility forms are folded
 * (full-width digits), every run of separators becomes one `-`, and the ends are trimmed.
 */
import { normalise } from './normalise.ts';

export const IDENTIFIER_KINDS = ['detainee', 'branch', 'hospital', 'report', 'other'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export const IDENTIFIER_STATUSES = ['unverified', 'verified', 'disputed'] as const;
export type IdentifierStatus = (typeof IDENTIFIER_STATUSES)[number];

/** The longest identifier as written: real ones are a few characters; a card number under 64. */
export const IDENTIFIER_MAX = 64;

// Whitespace, dashes of every kind, slashes, dots, commas (Latin and Arabic), the Arabic decimal and
// thousands separators, colons, underscores and bars: all separate the parts of a number alike.
const SEPARATORS = /[\s\-‐‑‒–—―−_/\\.,،؛:;|٫٬]+/gu;

export function normalizeIdentifier(raw: string): string {
  return normalise(raw.normalize('NFKC'))
    .replace(SEPARATORS, '-')
    .replace(/^-+|-+$/g, '');
}
