/**
 * Findings of every photograph of a body → the cells of the front/back body chart. A cell is a
 * region, and for the paired regions (limbs) one side of it: the taxonomy's `bodyRegion` and `side`
 * (model/injury.ts). A bilateral finding on a limb is shown on both sides; a limb finding whose side
 * is midline, unknown or unstated is counted for the region without a side. Pure: unit-tested.
 */
import { BODY_REGIONS, LESION_TYPES } from './injury.ts';

export type BodyRegion = (typeof BODY_REGIONS)[number];
export type ChartSide = 'left' | 'right';

/** The regions that come in pairs: drawn once per side. */
export const PAIRED_REGIONS: readonly BodyRegion[] = [
  'upper_arm',
  'forearm',
  'wrist',
  'hand',
  'thigh',
  'lower_leg',
  'ankle',
  'foot'
];
export const isPaired = (region: BodyRegion) => PAIRED_REGIONS.includes(region);

/** A finding as the chart needs it: where it is, what it is, and the photo it is on. */
export type ChartFinding = {
  itemId: string;
  annotationId: string;
  lesionType: string | null;
  bodyRegion: string | null;
  side: string | null;
  consistency: string | null;
};

export type Cell = { region: BodyRegion; side: ChartSide | null };
export const cellKey = (cell: Cell) => (cell.side ? `${cell.region}/${cell.side}` : cell.region);

export type Tally = {
  /** Findings per cell key (a bilateral limb finding is in both sides' lists). */
  cells: Map<string, ChartFinding[]>;
  /** Findings per region, each once, whatever its side. */
  regions: Map<BodyRegion, ChartFinding[]>;
  /** Findings per lesion type, each once (`other` for an unknown or missing type). */
  byType: Map<string, number>;
  /** Findings that name no region of the taxonomy. */
  unplaced: ChartFinding[];
  total: number;
};

const isRegion = (value: unknown): value is BodyRegion => BODY_REGIONS.some((region) => region === value);
const typeOf = (finding: ChartFinding) =>
  LESION_TYPES.some((type) => type === finding.lesionType) ? (finding.lesionType as string) : 'other';

/** The cells one finding is drawn in (none when it names no region). */
export function cellsOf(finding: ChartFinding): Cell[] {
  const region = finding.bodyRegion;
  if (!isRegion(region)) return [];
  if (!isPaired(region)) return [{ region, side: null }];
  if (finding.side === 'left' || finding.side === 'right') return [{ region, side: finding.side }];
  if (finding.side === 'bilateral')
    return [
      { region, side: 'left' },
      { region, side: 'right' }
    ];
  return [{ region, side: null }];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function tallyFindings(findings: readonly ChartFinding[]): Tally {
  const tally: Tally = { cells: new Map(), regions: new Map(), byType: new Map(), unplaced: [], total: 0 };
  for (const finding of findings) {
    tally.total++;
    const type = typeOf(finding);
    tally.byType.set(type, (tally.byType.get(type) ?? 0) + 1);
    const cells = cellsOf(finding);
    if (cells.length === 0) {
      tally.unplaced.push(finding);
      continue;
    }
    push(tally.regions, cells[0]!.region, finding);
    for (const cell of cells) push(tally.cells, cellKey(cell), finding);
  }
  return tally;
}

/** Counts per lesion type of some findings, most frequent first (ties in taxonomy order). */
export function typeCounts(findings: readonly ChartFinding[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(typeOf(finding), (counts.get(typeOf(finding)) ?? 0) + 1);
  const order = (type: string) => LESION_TYPES.findIndex((t) => t === type);
  return [...counts].sort((a, b) => b[1] - a[1] || order(a[0]) - order(b[0]));
}
