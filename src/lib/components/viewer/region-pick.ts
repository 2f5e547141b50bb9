/**
 * Choosing the region to reveal, as a factory with a teardown: a layer over the whole viewer that
 * takes every pointer and key while it stands, so neither OpenSeadragon's panning nor an Annotorious
 * drawing tool sees the drag (picking a region is a mode of its own, never a finding). A drag picks
 * the rectangle under it; on the keyboard, Enter picks the middle of the view and Escape cancels.
 */
import type OpenSeadragon from 'openseadragon';
import { boundingRect, middleOf, rectBetween, type Rect, type XY } from './region';

export type RegionPickOptions = {
  /** Accessible name of the layer: what to do (drag, Enter, Escape). */
  label: string;
  /** The picked region in image pixels, or null when cancelled. */
  onPicked(region: Rect | null): void;
};

/** A drag shorter than this (screen pixels, either side) is a click, not a region. */
const MIN_DRAG_PX = 8;

export function startRegionPick(
  viewer: OpenSeadragon.Viewer,
  Point: typeof OpenSeadragon.Point,
  options: RegionPickOptions
): () => void {
  const item = viewer.world.getItemAt(0);
  const content = item?.getContentSize();
  const image = { width: content?.x ?? 0, height: content?.y ?? 0 };
  const layer = document.createElement('div');
  layer.dataset.testid = 'region-pick';
  layer.tabIndex = 0;
  layer.setAttribute('role', 'application');
  layer.setAttribute('aria-label', options.label);
  Object.assign(layer.style, {
    position: 'absolute',
    inset: '0',
    zIndex: '20',
    cursor: 'crosshair',
    touchAction: 'none'
  });
  const preview = document.createElement('div');
  Object.assign(preview.style, { position: 'absolute', outline: '2px dashed #f0b429', display: 'none' });
  layer.append(preview);
  viewer.element.append(layer);
  layer.focus({ preventScroll: true });

  const toImage = (at: XY) => viewer.viewport.viewerElementToImageCoordinates(new Point(at.x, at.y));
  const local = (event: PointerEvent): XY => {
    const box = layer.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  };
  let start: XY | null = null;

  layer.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    layer.setPointerCapture(event.pointerId);
    start = local(event);
  });
  layer.addEventListener('pointermove', (event) => {
    if (!start) return;
    const r = boundingRect([start, local(event)]);
    Object.assign(preview.style, {
      display: 'block',
      left: `${r.x}px`,
      top: `${r.y}px`,
      width: `${r.w}px`,
      height: `${r.h}px`
    });
  });
  layer.addEventListener('pointerup', (event) => {
    if (!start) return;
    const end = local(event);
    const from = start;
    start = null;
    preview.style.display = 'none';
    if (Math.abs(end.x - from.x) < MIN_DRAG_PX || Math.abs(end.y - from.y) < MIN_DRAG_PX) return;
    const region = rectBetween(toImage(from), toImage(end), image);
    if (region) options.onPicked(region);
  });
  layer.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') options.onPicked(null);
    else if (event.key === 'Enter') {
      const view = viewer.viewport.viewportToImageRectangle(viewer.viewport.getBounds());
      options.onPicked(middleOf({ x: view.x, y: view.y, w: view.width, h: view.height }, image));
    } else return;
    event.preventDefault();
    event.stopPropagation();
  });

  return () => {
    const focused = layer.contains(document.activeElement);
    layer.remove();
    // A keyboard user goes on on the image (arrows pan, + − zoom), not from the top of the page.
    if (focused) viewer.canvas.focus();
  };
}
