/**
 * The pure rules behind the evidence-grade export and adjudication: whole-pixel selectors (a box
 * rounded outward, a point as its centre pixel, a polygon's points rounded) and the reason a merge
 * or a rejection needs.
 */
import { describe, expect, it } from 'vitest';
import { decisionReasonError } from '../../src/lib/model/document-schema.ts';
import { pixelSelector, type Selector } from '../../src/lib/model/selector.ts';

const box = (value: string): Selector => ({
  type: 'FragmentSelector',
  conformsTo: 'http://www.w3.org/TR/media-frags/',
  value
});

describe('pixelSelector', () => {
  it('rounds a box outward, so it still covers all it covered', () => {
    expect(pixelSelector(box('xywh=pixel:10.3,20.6,100.2,40.1'))).toEqual({
      shape: 'rectangle',
      selector: box('xywh=pixel:10,20,101,41')
    });
    expect(pixelSelector(box('xywh=pixel:0,0,300,200'))?.selector).toEqual(box('xywh=pixel:0,0,300,200'));
  });

  it('exports a point as its centre pixel, marked as a point', () => {
    expect(pixelSelector(box('xywh=pixel:100,100,8,8'))).toEqual({
      shape: 'point',
      selector: box('xywh=pixel:104,104,1,1')
    });
  });

  it('rounds the points of a polygon and refuses what does not parse', () => {
    const polygon: Selector = {
      type: 'SvgSelector',
      value: '<svg><polygon points="1.4,1.6 10.5,1 5,9.2"/></svg>'
    };
    expect(pixelSelector(polygon)).toEqual({
      shape: 'polygon',
      selector: { type: 'SvgSelector', value: '<svg><polygon points="1,2 11,1 5,9"/></svg>' }
    });
    expect(pixelSelector(box('xywh=pixel:-1,0,5,5'))).toBeNull();
  });
});

describe('decisionReasonError', () => {
  it('needs a reason for a merge and a rejection, not for an acceptance', () => {
    expect(decisionReasonError('rejected', undefined)).toBe('a rejected decision needs a reason');
    expect(decisionReasonError('merged', '   ')).toBe('a merged decision needs a reason');
    expect(decisionReasonError('rejected', 'a shadow, not a lesion')).toBeNull();
    expect(decisionReasonError('accepted', undefined)).toBeNull();
  });

  it('refuses a reason that is not text or is too long', () => {
    expect(decisionReasonError('accepted', 42)).toBe('the reason must be text');
    expect(decisionReasonError('rejected', 'x'.repeat(2001))).toMatch(/longer than 2000/);
  });
});
