export type Segment = { text: string; mark: boolean };

/**
 * Splits a snippet at the search API's highlight offsets ([start, end) in UTF-16 code units) into
 * plain and marked segments, for rendering without HTML injection. Offsets out of range, reversed or
 * overlapping are clipped rather than trusted.
 */
export function segments(snippet: string, highlights: Array<[number, number]>): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const [rawStart, rawEnd] of [...highlights].sort((a, b) => a[0] - b[0])) {
    const start = Math.max(at, Math.min(rawStart, snippet.length));
    const end = Math.min(Math.max(rawEnd, start), snippet.length);
    if (end <= start) continue;
    if (start > at) out.push({ text: snippet.slice(at, start), mark: false });
    out.push({ text: snippet.slice(start, end), mark: true });
    at = end;
  }
  if (at < snippet.length) out.push({ text: snippet.slice(at), mark: false });
  return out;
}
