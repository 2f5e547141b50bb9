/** The one selector codec: what it accepts, what it refuses, and that the two agree. */
import { describe, expect, it } from 'vitest';
import {
  MAX_POINTS,
  parseSelector,
  parseTarget,
  polygonSelector,
  rectSelector
} from '../../src/lib/model/selector.ts';

const IMAGE = { width: 2000, height: 1000 };
const fragment = (value: string) => ({ type: 'FragmentSelector', value });
const svg = (value: string) => ({ type: 'SvgSelector', value });
const code = (input: unknown, image?: typeof IMAGE) => {
  const parsed = parseSelector(input, image);
  return parsed.ok ? 'ok' : parsed.code;
};

describe('the selector codec', () => {
  it('reads fragments and polygons into regions, canonical', () => {
    const rect = parseSelector(fragment('xywh=10,20.5,30,40'), IMAGE);
    expect(rect).toEqual({
      ok: true,
      selector: {
        type: 'FragmentSelector',
        conformsTo: 'http://www.w3.org/TR/media-frags/',
        value: 'xywh=pixel:10,20.5,30,40'
      },
      region: { kind: 'rect', x: 10, y: 20.5, w: 30, h: 40 }
    });
    const polygon = parseSelector(
      svg('<svg xmlns="http://www.w3.org/2000/svg"><polygon points="1,2 30 4,5,60" /></svg>'),
      IMAGE
    );
    expect(polygon).toMatchObject({
      ok: true,
      selector: { type: 'SvgSelector', value: '<svg><polygon points="1,2 30,4 5,60"/></svg>' },
      region: {
        kind: 'polygon',
        points: [
          [1, 2],
          [30, 4],
          [5, 60]
        ]
      }
    });
  });

  it('refuses negative coordinates rather than clamping them', () => {
    expect(code(fragment('xywh=pixel:-1,0,10,10'))).toBe('out_of_bounds');
    expect(code(fragment('xywh=pixel:0,-0.5,10,10'), IMAGE)).toBe('out_of_bounds');
    expect(code(svg('<svg><polygon points="0,0 10,0 -3,10"/></svg>'), IMAGE)).toBe('out_of_bounds');
    expect(code(fragment('xywh=pixel:5,5,-10,10'))).toBe('degenerate');
  });

  it('checks bounds against the image, or a sane range without one', () => {
    expect(code(fragment('xywh=pixel:1990,0,10,1000'), IMAGE)).toBe('ok');
    expect(code(fragment('xywh=pixel:1990,0,10.5,1000'), IMAGE)).toBe('out_of_bounds');
    expect(code(svg('<svg><polygon points="0,0 2001,0 0,10"/></svg>'), IMAGE)).toBe('out_of_bounds');
    expect(code(fragment('xywh=pixel:1990,0,10.5,1000'))).toBe('ok');
    expect(code(fragment('xywh=pixel:99999,0,2,10'))).toBe('out_of_bounds');
  });

  it('refuses non-finite and absurd numbers', () => {
    expect(code(fragment('xywh=pixel:NaN,0,10,10'))).toBe('malformed');
    expect(code(fragment('xywh=pixel:Infinity,0,10,10'))).toBe('malformed');
    expect(code(fragment('xywh=pixel:1e20,0,10,10'))).toBe('out_of_bounds');
    expect(code(fragment(`xywh=pixel:0,0,${'9'.repeat(400)},10`))).toBe('out_of_bounds');
    expect(code(svg('<svg><polygon points="0,0 1e400,0 0,10"/></svg>'))).toBe('out_of_bounds');
    expect(code(svg('<svg><polygon points="0,0 NaN,0 0,10"/></svg>'))).toBe('unsafe_svg');
    expect(code(fragment('xywh=percent:0,0,10,10'))).toBe('malformed');
    expect(code(fragment('xywh=pixel:0,0,0,10'))).toBe('degenerate');
  });

  it('refuses hostile SVG: handlers, scripts, links, styles, more than one shape, other shapes', () => {
    const hostile = [
      '<svg onload="alert(1)"><polygon points="1,1 50,1 50,50"/></svg>',
      '<svg><polygon points="1,1 50,1 50,50" onclick="alert(1)"/></svg>',
      '<svg><polygon points="1,1 50,1 50,50"/><script>alert(2)</script></svg>',
      '<svg><a href="javascript:alert(1)"><polygon points="1,1 9,1 9,9"/></a></svg>',
      '<svg><polygon style="fill:url(javascript:1)" points="1,1 9,1 9,9"/></svg>',
      '<svg><polygon points="1,1 9,1 9,9"/><polygon points="1,1 9,1 9,9"/></svg>',
      '<svg><g><polygon points="1,1 9,1 9,9"/></g></svg>',
      '<svg><circle cx="5" cy="5" r="4"/></svg>',
      '<svg xmlns="http://evil.example"><polygon points="1,1 9,1 9,9"/></svg>',
      '<polygon points="1,1 9,1 9,9"/>',
      '<svg><polygon points="1,1 9,1 9,9&quot; onload=&quot;x"/></svg>'
    ];
    for (const value of hostile) expect(code(svg(value)), value).toBe('unsafe_svg');
  });

  it('bounds the number of points', () => {
    const ring = (n: number) =>
      Array.from({ length: n }, (_, i) => `${(50 + 40 * Math.cos(i)).toFixed(1)},${i % 90}`).join(' ');
    expect(code(svg(`<svg><polygon points="${ring(MAX_POINTS)}"/></svg>`))).toBe('ok');
    expect(code(svg(`<svg><polygon points="${ring(MAX_POINTS + 1)}"/></svg>`))).toBe('point_count');
    expect(code(svg('<svg><polygon points="1,1 9,9"/></svg>'))).toBe('point_count');
    expect(code(svg('<svg><polygon points="1,1 9,9 4"/></svg>'))).toBe('malformed');
    expect(code(svg(`<svg><polygon points="${'1,1 '.repeat(10_000)}"/></svg>`))).toBe('malformed');
  });

  it('refuses what is not a selector, without throwing', () => {
    for (const input of [null, undefined, 'xywh=0,0,1,1', 42, [], { type: 'FragmentSelector' }])
      expect(code(input)).toBe('malformed');
    expect(code({ type: 'TextQuoteSelector', value: 'x' })).toBe('unsupported_type');
    for (const text of ['null', '"x"', '{', 42, '[]', JSON.stringify(fragment('xywh=-1,0,1,1'))])
      expect(parseTarget(text).ok, String(text)).toBe(false);
    expect(parseTarget(JSON.stringify(fragment('xywh=1,0,1,1'))).ok).toBe(true);
  });

  it('encodes what it parses, rounded to a tenth, corners kept inside', () => {
    const rect = rectSelector(10.05, 0, 2000, 999.96);
    expect(rect.value).toBe('xywh=pixel:10.1,0,1989.9,1000');
    expect(parseSelector(rect, IMAGE).ok).toBe(true);
    const polygon = polygonSelector([
      [0.04, 0],
      [10, 0.26],
      [5, 9]
    ]);
    expect(polygon.value).toBe('<svg><polygon points="0,0 10,0.3 5,9"/></svg>');
    expect(parseSelector(polygon, IMAGE)).toMatchObject({ ok: true, selector: polygon });
  });
});
