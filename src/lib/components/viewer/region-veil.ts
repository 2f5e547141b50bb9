/**
 * Reveal by region, on a mounted OpenSeadragon viewer, as a factory with a teardown: four bands
 * around the revealed region blur (and grey) whatever lies behind them with `backdrop-filter`, so
 * the image canvas itself can go without its protective filter while only the region is clear.
 *
 * Invariants (the reviewer's protection depends on them):
 * - The caller takes the protective filter off the image canvas only while `show()` holds a region;
 *   with no region the veil is hidden and the canvas filter protects as before.
 * - The bands and the region cover the viewer exactly; a region scrolled out of sight leaves one
 *   band over everything. They are placed again on every pan, zoom, rotation and resize.
 * - The veil sits right after the image's canvas and before Annotorious' canvas, so the findings'
 *   shapes are drawn sharp above it, as they are above the blurred canvas. The navigator's copy of
 *   the image keeps its own filter (ImageStage.svelte): it is not behind the veil.
 */
import type OpenSeadragon from 'openseadragon';
import { onViewportMove } from './overlay';
import { bandsAround, boundingRect, type Rect } from './region';

export type RegionVeil = {
  /** Protects everything but `region` (image pixels) with `filter` (a CSS filter); null hides it. */
  show(region: Rect | null, filter: string): void;
  destroy(): void;
};

export function mountRegionVeil(viewer: OpenSeadragon.Viewer, Point: typeof OpenSeadragon.Point): RegionVeil {
  const layer = document.createElement('div');
  layer.dataset.testid = 'region-veil';
  layer.setAttribute('aria-hidden', 'true');
  Object.assign(layer.style, { position: 'absolute', inset: '0', pointerEvents: 'none', overflow: 'hidden' });
  layer.hidden = true;
  const outline = document.createElement('div');
  Object.assign(outline.style, {
    position: 'absolute',
    outline: '2px dashed #f0b429',
    boxSizing: 'border-box'
  });
  layer.append(outline);
  viewer.drawer.canvas.after(layer);

  let region: Rect | null = null;
  let filter = '';
  let bands: HTMLDivElement[] = [];

  const place = () => {
    layer.hidden = region === null;
    if (!region) return;
    const { x, y, w, h } = region;
    const corners = [
      [x, y],
      [x + w, y],
      [x, y + h],
      [x + w, y + h]
    ].map(([cx, cy]) => viewer.viewport.imageToViewerElementCoordinates(new Point(cx, cy)));
    const hole = boundingRect(corners);
    const size = viewer.viewport.getContainerSize();
    const wanted = bandsAround(hole, { width: size.x, height: size.y });
    while (bands.length < wanted.length) {
      const band = document.createElement('div');
      band.dataset.testid = 'region-band';
      band.style.position = 'absolute';
      layer.prepend(band);
      bands.push(band);
    }
    for (const band of bands.splice(wanted.length)) band.remove();
    wanted.forEach((r, i) => {
      const band = bands[i] as HTMLDivElement;
      // Why a pixel more on every side: bands that merely touch at fractional positions leave
      // hairline seams where the unprotected canvas shows through; overlapping ones do not.
      Object.assign(band.style, {
        left: `${Math.floor(r.x) - 1}px`,
        top: `${Math.floor(r.y) - 1}px`,
        width: `${Math.ceil(r.w) + 2}px`,
        height: `${Math.ceil(r.h) + 2}px`
      });
      band.style.backdropFilter = filter;
    });
    Object.assign(outline.style, {
      left: `${hole.x}px`,
      top: `${hole.y}px`,
      width: `${hole.w}px`,
      height: `${hole.h}px`
    });
  };
  const stop = onViewportMove(viewer, place);

  return {
    show(next, nextFilter) {
      region = next;
      filter = nextFilter;
      place();
    },
    destroy() {
      stop();
      layer.remove();
      bands = [];
    }
  };
}
