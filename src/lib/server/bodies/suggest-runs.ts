/**
 * The pure part of grouping suggestions: photographs of one folder, taken one body after another,
 * form runs. A run ends where the next photo was taken long after (EXIF capture time) or where the
 * file numbering jumps (photos in between are elsewhere); photos without a capture time join a run
 * only by unbroken numbering. A file's modification time is not used: copies reset it. Runs of one
 * photo, or longer than any body's series, are not suggested. bench/body-suggestions.ts measures it.
 */
export type SuggestionReason = 'time' | 'file_order' | 'identifier';
export type Photo = { id: string; folder: string; name: string; takenAt: number | null };
export type Candidate = { itemIds: string[]; reasons: SuggestionReason[] };

/** Longer than this between two photos: the photographer moved to the next body. */
export const RUN_GAP_MS = 90_000;
/** A body is photographed 3 to more than 20 times; a longer run is two bodies we cannot tell apart. */
export const RUN_MAX = 25;

/** The number a file name ends with (IMG_0042.jpg → 42), if any. */
export function fileNumber(name: string): number | null {
  const match = /(\d{1,9})(?=\D*$)/.exec(name);
  return match ? Number(match[1]) : null;
}

const byName = new Intl.Collator('en', { numeric: true });

function order(a: Photo, b: Photo): number {
  if (a.takenAt !== null && b.takenAt !== null && a.takenAt !== b.takenAt) return a.takenAt - b.takenAt;
  return byName.compare(a.name, b.name);
}

/** Does a body end between these two neighbours? */
function boundary(a: Photo, b: Photo): boolean {
  if (a.takenAt === null || b.takenAt === null) {
    const [na, nb] = [fileNumber(a.name), fileNumber(b.name)];
    // Without times, only unbroken numbering says the photos belong together.
    return na === null || nb === null || nb - na !== 1;
  }
  if (b.takenAt - a.takenAt > RUN_GAP_MS) return true;
  const [na, nb] = [fileNumber(a.name), fileNumber(b.name)];
  return na !== null && nb !== null && Math.abs(nb - na) > 1;
}

function reasonsOf(run: Photo[]): SuggestionReason[] {
  const reasons: SuggestionReason[] = [];
  if (run.every((p) => p.takenAt !== null)) reasons.push('time');
  const numbers = run.map((p) => fileNumber(p.name));
  if (numbers.every((n, i) => n !== null && (i === 0 || n - (numbers[i - 1] as number) === 1)))
    reasons.push('file_order');
  return reasons;
}

export function photoRuns(photos: Photo[]): Candidate[] {
  const folders = new Map<string, Photo[]>();
  for (const p of photos) folders.set(p.folder, [...(folders.get(p.folder) ?? []), p]);
  const candidates: Candidate[] = [];
  for (const list of folders.values()) {
    list.sort(order);
    let run: Photo[] = [];
    const close = () => {
      if (run.length >= 2 && run.length <= RUN_MAX) {
        const reasons = reasonsOf(run);
        if (reasons.length > 0) candidates.push({ itemIds: run.map((p) => p.id), reasons });
      }
      run = [];
    };
    for (const photo of list) {
      const last = run.at(-1);
      if (last && boundary(last, photo)) close();
      run.push(photo);
    }
    close();
  }
  return candidates;
}

/** Bodies that share an identifier (same kind, same normal form) are likely one body photographed twice. */
export function identifierGroups(
  identifiers: Array<{ bodyId: string; kind: string; normalized: string }>
): string[][] {
  const byValue = new Map<string, Set<string>>();
  for (const i of identifiers) {
    const key = `${i.kind}\u0000${i.normalized}`;
    byValue.set(key, (byValue.get(key) ?? new Set()).add(i.bodyId));
  }
  // Union the bodies linked by any shared value.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    const p = parent.get(x) ?? x;
    if (p === x) return x;
    const root = find(p);
    parent.set(x, root);
    return root;
  };
  for (const bodies of byValue.values()) {
    const [first, ...rest] = [...bodies];
    for (const other of rest) parent.set(find(other), find(first as string));
  }
  const groups = new Map<string, string[]>();
  for (const bodyId of new Set(identifiers.map((i) => i.bodyId))) {
    const root = find(bodyId);
    groups.set(root, [...(groups.get(root) ?? []), bodyId]);
  }
  return [...groups.values()].filter((g) => g.length > 1).map((g) => g.sort());
}
