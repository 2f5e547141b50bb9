import { normaliseWithMap, termPattern } from '../../model/normalise.ts';

/** A passage of the original text around the first match, with the matched words' offsets. */
export type Snippet = { snippet: string; highlights: Array<[number, number]> };

const CONTEXT = 70;

export function snippetOf(raw: string, terms: string[]): Snippet {
  const { text, source } = normaliseWithMap(raw);
  const spans: Array<[number, number]> = [];
  for (const term of terms) {
    // Terms match at the start of a word (prefix search), as the engines do.
    for (const m of text.matchAll(termPattern(term))) {
      const start = source[m.index] as number;
      const end = (source[m.index + m[0].length - 1] as number) + 1;
      spans.push([start, end]);
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const first = spans[0];
  const from = first ? Math.max(0, first[0] - CONTEXT) : 0;
  const to = Math.min(raw.length, (first ? first[1] : 0) + CONTEXT * 2);
  const prefix = from > 0 ? '…' : '';
  const snippet = prefix + raw.slice(from, to).replace(/\s+/g, ' ') + (to < raw.length ? '…' : '');
  // Offsets are recomputed on the collapsed passage: map by searching each matched word in order.
  const highlights: Array<[number, number]> = [];
  let cursor = 0;
  for (const [start, end] of spans) {
    if (start < from || end > to) continue;
    const word = raw.slice(start, end).replace(/\s+/g, ' ');
    const at = snippet.indexOf(word, cursor);
    if (at >= 0) {
      highlights.push([at, at + word.length]);
      cursor = at + word.length;
    }
  }
  return { snippet, highlights };
}
