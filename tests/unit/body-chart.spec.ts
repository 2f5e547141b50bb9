/** Findings of a body's photos → the cells and counts of the body chart (model/body-chart.ts). */
import { describe, expect, it } from 'vitest';
import { cellsOf, tallyFindings, typeCounts, type ChartFinding } from '../../src/lib/model/body-chart.ts';

let n = 0;
function finding(bodyRegion: string | null, side: string | null, lesionType: string | null = 'contusion') {
  n++;
  return {
    itemId: `item${n % 3}`,
    annotationId: `a${n}`,
    lesionType,
    bodyRegion,
    side,
    consistency: null
  } satisfies ChartFinding;
}

describe('body chart tally', () => {
  it('puts a limb finding on its side, a bilateral one on both, an unsided one on the region', () => {
    expect(cellsOf(finding('forearm', 'left'))).toEqual([{ region: 'forearm', side: 'left' }]);
    expect(cellsOf(finding('forearm', 'bilateral'))).toEqual([
      { region: 'forearm', side: 'left' },
      { region: 'forearm', side: 'right' }
    ]);
    expect(cellsOf(finding('forearm', 'unknown'))).toEqual([{ region: 'forearm', side: null }]);
    expect(cellsOf(finding('forearm', null))).toEqual([{ region: 'forearm', side: null }]);
  });

  it('ignores the side of regions that are not paired', () => {
    expect(cellsOf(finding('chest', 'left'))).toEqual([{ region: 'chest', side: null }]);
    expect(cellsOf(finding('back', 'bilateral'))).toEqual([{ region: 'back', side: null }]);
  });

  it('counts each finding once per region and type, and keeps the unplaced apart', () => {
    const findings = [
      finding('forearm', 'bilateral', 'ligature_mark'),
      finding('forearm', 'left', 'ligature_mark'),
      finding('chest', 'midline', 'burn_electrical'),
      finding('chest', null, 'contusion'),
      finding('back', 'unknown', 'contusion'),
      finding('back', null, 'contusion'),
      finding(null, 'left', 'abrasion'),
      finding('elbow', 'left', 'not-a-type')
    ];
    const tally = tallyFindings(findings);
    expect(tally.total).toBe(8);
    expect(tally.cells.get('forearm/left')).toHaveLength(2);
    expect(tally.cells.get('forearm/right')).toHaveLength(1);
    expect(tally.regions.get('forearm')).toHaveLength(2);
    expect(tally.regions.get('chest')).toHaveLength(2);
    expect(tally.cells.get('back')).toHaveLength(2);
    expect(tally.unplaced.map((f) => f.bodyRegion)).toEqual([null, 'elbow']);
    expect(Object.fromEntries(tally.byType)).toEqual({
      ligature_mark: 2,
      burn_electrical: 1,
      contusion: 3,
      abrasion: 1,
      other: 1
    });
  });

  it('orders lesion counts by frequency, then by the taxonomy', () => {
    const findings = [
      finding('chest', null, 'scar'),
      finding('chest', null, 'abrasion'),
      finding('chest', null, 'contusion'),
      finding('chest', null, 'contusion')
    ];
    expect(typeCounts(findings)).toEqual([
      ['contusion', 2],
      ['abrasion', 1],
      ['scar', 1]
    ]);
  });
});
