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

/** Isolates every string parameter; numbers stay as they are (digits are weak, the locale's format decides). */
export function isolateParams<P extends object>(params: P): P {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params))
    out[name] = typeof value === 'string' ? isolate(value) : value;
  return out as P;
}

/** Removes the isolates again (comparisons in tests, text copied to the clipboard). */
export function stripIsolates(text: string): string {
  return text.replace(/[\u2068\u2069]/g, '');
}
