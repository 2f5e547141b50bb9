/**
 * Grouping suggestions against known truth: a generated collection of 300 bodies × 3–8 photographs
 * (120 with --quick), photographed one body after another in folders of 50 bodies, with EXIF capture
 * times (seconds apart within a body, 30 s to 15 min between bodies), consecutive file numbers, a few
 * photos without EXIF or missing from the numbering, and 15% of the bodies already entered twice with
 * the same detainee number (tags). Measures precision (suggested groups that are exactly a true body)
 * and recall (true bodies suggested exactly) of `suggest-runs.ts` — the logic `computeSuggestions`
 * runs — with the pairwise figures beside them. Anchor, side by side: a rote grouping of every 5
 * consecutive photos of a folder (the typical series length). Usage: node bench/body-suggestions.ts [--quick]
 */
import { identifierGroups, photoRuns, type Photo } from '../src/lib/server/bodies/suggest-runs.ts';

const QUICK = process.argv.includes('--quick');
const BODIES = QUICK ? 120 : 300;
const PER_FOLDER = 50;

/** Mulberry32: the same collection on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(15);
const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

type Truth = { photos: string[]; tagged: boolean };
const truth: Truth[] = [];
const loose: Photo[] = [];
const tags: Array<{ bodyId: string; kind: string; normalized: string }> = [];
const bodyItems = new Map<string, string[]>();
let clock = Date.UTC(2013, 7, 21, 6);
let fileNo = 0;
for (let b = 0; b < BODIES; b++) {
  const folder = `/archive/batch-${Math.floor(b / PER_FOLDER)}`;
  if (b % PER_FOLDER === 0) fileNo = 0;
  clock += between(30, 900) * 1000;
  const photos: string[] = [];
  const count = between(3, 8);
  for (let p = 0; p < count; p++) {
    if (p > 0) clock += between(5, 40) * 1000;
    fileNo += rand() < 0.03 ? 2 : 1; // a photo missing from the numbering
    const id = `b${b}p${p}`;
    photos.push(id);
    loose.push({
      id,
      folder,
      name: `IMG_${String(fileNo).padStart(5, '0')}.JPG`,
      takenAt: rand() < 0.04 ? null : clock // no EXIF
    });
  }
  const tagged = rand() < 0.15;
  truth.push({ photos, tagged });
  if (tagged) {
    // Entered twice already: two bodies (halves of the series) with the same detainee number.
    const cut = Math.ceil(photos.length / 2);
    for (const [half, ids] of [photos.slice(0, cut), photos.slice(cut)].entries()) {
      bodyItems.set(`t${b}-${half}`, ids);
      tags.push({ bodyId: `t${b}-${half}`, kind: 'detainee', normalized: String(10_000 + b) });
    }
  }
}
const grouped = new Set(truth.filter((t) => t.tagged).flatMap((t) => t.photos));
const ungrouped = loose.filter((p) => !grouped.has(p.id));

function score(groups: string[][]) {
  const key = (ids: string[]) => [...ids].sort().join(',');
  const bodies = new Set(truth.map((t) => key(t.photos)));
  const exact = groups.filter((g) => bodies.has(key(g))).length;
  const bodyOf = new Map(truth.flatMap((t, i) => t.photos.map((p) => [p, i] as const)));
  let truePairs = 0;
  let suggestedPairs = 0;
  let bothPairs = 0;
  for (const t of truth) truePairs += (t.photos.length * (t.photos.length - 1)) / 2;
  for (const g of groups)
    for (let i = 0; i < g.length; i++)
      for (let j = i + 1; j < g.length; j++) {
        suggestedPairs++;
        if (bodyOf.get(g[i]!) === bodyOf.get(g[j]!)) bothPairs++;
      }
  return {
    groups: groups.length,
    precision: groups.length ? exact / groups.length : 0,
    recall: exact / truth.length,
    pairPrecision: suggestedPairs ? bothPairs / suggestedPairs : 0,
    pairRecall: bothPairs / truePairs
  };
}

const started = performance.now();
const suggested = [
  ...photoRuns(ungrouped).map((c) => c.itemIds),
  ...identifierGroups(tags).map((bodies) => bodies.flatMap((b) => bodyItems.get(b)!))
];
const ms = performance.now() - started;

const rote: string[][] = [];
for (const folder of new Set(ungrouped.map((p) => p.folder))) {
  const inFolder = ungrouped.filter((p) => p.folder === folder);
  for (let i = 0; i < inFolder.length; i += 5) rote.push(inFolder.slice(i, i + 5).map((p) => p.id));
}

const athar = score(suggested);
const anchor = score(rote);
const f1 = (s: { precision: number; recall: number }) =>
  s.precision + s.recall ? (2 * s.precision * s.recall) / (s.precision + s.recall) : 0;
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
console.log(
  `${BODIES} bodies, ${loose.length} photos (${truth.filter((t) => t.tagged).length} bodies already entered twice with one number)`
);
for (const [name, s] of [
  ['athar suggestions', athar],
  ['anchor: every 5 photos', anchor]
] as const)
  console.log(
    `${name.padEnd(24)} groups ${String(s.groups).padStart(4)}  precision ${pct(s.precision).padStart(7)}  recall ${pct(s.recall).padStart(7)}  ` +
      `pairwise precision ${pct(s.pairPrecision).padStart(7)}  pairwise recall ${pct(s.pairRecall).padStart(7)}  F1 ${f1(s).toFixed(3)}`
  );
console.log(
  `computed in ${ms.toFixed(1)} ms; F1 ratio athar / anchor: ${(f1(athar) / Math.max(f1(anchor), 1e-9)).toFixed(2)}×`
);
