/**
 * Bidirectional isolation of user-supplied text inside translated sentences: a Latin name inside an
 * Arabic sentence (or an Arabic file name inside an English one) must not reorder the words around
 * it. FSI … PDI (U+2068, U+2069) isolate a run in plain strings, the way `<bdi>` does in markup.
 */
const FSI = '\u2068';
const PDI = '\u2069';

export function isolate(text: string): string {
  return text === '' ? text : `${FSI}${text}${PDI}`;
}

const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;

/**
 * Isolates the string parameters that could reorder the sentence: in a right-to-left page every one
 * (a Latin name or file name, which also holds the weak digits and punctuation next to it), in a
 * left-to-right page those with right-to-left letters. Numbers stay as they are (the locale's format decides).
 */
export function isolateParams<P extends object>(params: P, dir: 'ltr' | 'rtl'): P {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params))
    out[name] = typeof value === 'string' && (dir === 'rtl' || RTL.test(value)) ? isolate(value) : value;
  return out as P;
}

/** Removes the isolates again (comparisons in tests, text copied to the clipboard). */
export function stripIsolates(text: string): string {
  return text.replace(/[\u2068\u2069]/g, '');
}
