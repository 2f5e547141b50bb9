/**
 * File names as provenance and as display. The bytes of an original's name are kept as they came
 * (they are evidence of where it came from), but a name can lie when shown: a right-to-left override
 * makes `evidence\u202Egpj.exe` read "evidenceexe.jpg", and zero-width or other format characters hide
 * inside a name unseen. Wherever a name is shown, such characters are made visible, and ingest flags
 * names that hold them.
 */

/** Control (Cc), format (Cf: bidi controls, zero-width, BOM, soft hyphen…) and line/paragraph separators. */
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

export type NamePart = { text: string } | { hidden: string };

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The name split into readable runs and the hidden characters between them (as `U+202E`). */
export function nameParts(name: string): NamePart[] {
  const parts: NamePart[] = [];
  let last = 0;
  for (const match of name.matchAll(HIDDEN)) {
    if (match.index > last) parts.push({ text: name.slice(last, match.index) });
    parts.push({ hidden: codePoint(match[0]) });
    last = match.index + match[0].length;
  }
  if (last < name.length) parts.push({ text: name.slice(last) });
  return parts;
}

/** The hidden characters a name holds, in order (empty for an honest name). */
export function hiddenInName(name: string): string[] {
  return [...name.matchAll(HIDDEN)].map((m) => codePoint(m[0]));
}

/** The name as plain text with every hidden character written out: `evidence⟦U+202E⟧gpj.exe`. */
export function displayName(name: string): string {
  return nameParts(name)
    .map((p) => ('text' in p ? p.text : `⟦${p.hidden}⟧`))
    .join('');
}
