/** Readable caret colours on white, as #rrggbb (the caret extension accepts nothing else). */
const PALETTE = ['#b3261e', '#1f6f43', '#1f5a7a', '#7a3e9d', '#a05a00', '#00708a', '#8a2d5c', '#3d5a00'];

/** The same person gets the same colour in every tab and on every machine. */
export function userColour(userId: string): string {
  let hash = 0;
  for (const ch of userId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length] as string;
}
