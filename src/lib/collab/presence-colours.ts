/** Colours of the people present: readable as white-labelled markers on a dark image. */
const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#0fa3b1', '#f032e6', '#9a6324'];

function hashOf(userId: string): number {
  let hash = 0;
  for (const ch of userId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash;
}

/**
 * Colours for the people on this screen, distinct as long as there are fewer people than colours:
 * each takes the colour its id hashes to, or the next free one (ids in a stable order). Colours
 * are a local matter: a pointer, an avatar and a highlight of one person match on this screen.
 */
export function allocateColours(userIds: string[]): Map<string, string> {
  const colours = new Map<string, string>();
  const taken = new Set<number>();
  for (const id of [...new Set(userIds)].sort()) {
    let slot = hashOf(id) % PALETTE.length;
    for (let i = 0; i < PALETTE.length && taken.has(slot); i++) slot = (slot + 1) % PALETTE.length;
    taken.add(slot);
    colours.set(id, PALETTE[slot] as string);
  }
  return colours;
}
