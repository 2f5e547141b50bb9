/**
 * Annotorious on a mounted OpenSeadragon viewer, as a factory with a teardown. Adds what Annotorious
 * lacks: a "point" mode (a click makes a small square centred on it, see selectors.ts), styles that
 * show colleagues' selections in their colours, and mode switching in one place.
 */
import type { DrawingStyle, ImageAnnotation, OpenSeadragonAnnotator } from '@annotorious/openseadragon';
import type OpenSeadragon from 'openseadragon';
import { LOCAL } from '$lib/collab/bind-annotations';
import { pointSelector, selectorToShape, toImageAnnotation, type ImageSize } from '$lib/collab/selectors';
import { installPixiNoEval } from './pixi-no-eval';

export type DrawMode = 'select' | 'rectangle' | 'polygon' | 'point';

/** A point is this many screen pixels wide at the zoom it is placed at. */
const POINT_SCREEN_PX = 14;

export type MountedAnnotator = {
  annotator: OpenSeadragonAnnotator;
  setMode(mode: DrawMode): void;
  /**
   * Selects (editable unless read-only) and fits the view to an annotation; `closest` zooms in as far
   * as the viewer allows instead, centred on it (a point, which a fit would leave too small).
   */
  focus(id: string, closest?: boolean): void;
  select(id: string | null): void;
  /** Colleagues' selections: annotation id → their colour. */
  setHighlights(highlights: Map<string, string>): void;
  /** Each shape's own colour (lesion type or author, see shape-labels.ts), by annotation id. */
  setColours(colours: ReadonlyMap<string, { colour: string }>): void;
  destroy(): void;
};

export type AnnotatorOptions = {
  user: { id: string; name: string };
  readOnly: boolean;
  image: ImageSize;
  onSelect(ids: string[]): void;
};

const BASE: DrawingStyle = { fill: '#f0b429', fillOpacity: 0.12, stroke: '#f0b429', strokeWidth: 2 };
const SELECTED: DrawingStyle = { fill: '#ffffff', fillOpacity: 0.2, stroke: '#ffffff', strokeWidth: 3 };

export async function mountAnnotator(
  viewer: OpenSeadragon.Viewer,
  options: AnnotatorOptions
): Promise<MountedAnnotator> {
  installPixiNoEval();
  const [{ createOSDAnnotator }, { default: OSD }] = await Promise.all([
    import('@annotorious/openseadragon'),
    import('openseadragon')
  ]);
  const annotator = createOSDAnnotator<ImageAnnotation, ImageAnnotation>(viewer, {
    drawingEnabled: false,
    drawingMode: 'drag',
    // Observers may select (to read a finding) but never edit a shape.
    userSelectAction: (options.readOnly ? 'SELECT' : 'EDIT') as never,
    theme: 'dark'
  });
  annotator.setUser({ id: options.user.id, name: options.user.name });

  let highlights = new Map<string, string>();
  let colours: ReadonlyMap<string, { colour: string }> = new Map();
  const applyStyle = () =>
    annotator.setStyle((annotation, state) => {
      if (state?.selected) return SELECTED;
      const highlight = highlights.get(annotation.id) as DrawingStyle['stroke'] | undefined;
      if (highlight) return { fill: highlight, fillOpacity: 0.25, stroke: highlight, strokeWidth: 3 };
      const own = colours.get(annotation.id)?.colour as DrawingStyle['stroke'] | undefined;
      return own ? { ...BASE, fill: own, stroke: own } : BASE;
    });
  applyStyle();

  // Chromium works out a pointer event's offsetX/offsetY when they are first read, against the
  // layout of that moment. Annotorious' polygon tool reads them only after OpenSeadragon's handlers
  // have run, and then dropped corners as if the pointer had moved between press and release.
  // Reading them first, as the event arrives, pins the pointer's real position for every reader.
  const PINNED = ['pointerdown', 'pointerup', 'click', 'dblclick'] as const;
  const pin = (event: Event) => {
    if (event.target instanceof Node && viewer.element.contains(event.target))
      void ((event as MouseEvent).offsetX + (event as MouseEvent).offsetY);
  };
  for (const type of PINNED) document.addEventListener(type, pin, true);

  let mode: DrawMode = 'select';
  /** Adds a point at a position of the viewer element (screen pixels); false outside the image. */
  function placePoint(position: OpenSeadragon.Point): boolean {
    const at = viewer.viewport.viewerElementToImageCoordinates(position);
    const { width, height } = options.image;
    if (at.x < 0 || at.y < 0 || at.x > width || at.y > height) return false;
    const beside = viewer.viewport.viewerElementToImageCoordinates(
      new OSD.Point(position.x + POINT_SCREEN_PX, position.y)
    );
    const side = Math.hypot(beside.x - at.x, beside.y - at.y);
    const shape = selectorToShape(pointSelector(at.x, at.y, side, options.image));
    if (!shape) return false;
    const annotation = toImageAnnotation(crypto.randomUUID(), shape, options.user.id, Date.now());
    annotator.state.store.addAnnotation(annotation, LOCAL);
    // Annotorious handles the same click after us (a click on empty canvas deselects).
    setTimeout(() => annotator.setSelected(annotation.id, true), 0);
    return true;
  }

  const onCanvasClick = (event: OpenSeadragon.CanvasClickEvent) => {
    if (mode !== 'point' || options.readOnly || !event.quick) return;
    if (annotator.state.hover.current) return; // a click on a shape selects it
    if (placePoint(event.position)) event.preventDefaultAction = true;
  };
  /** Keyboard: Enter on the focused image marks the centre of the view. */
  const onKey = (event: KeyboardEvent) => {
    if (mode !== 'point' || options.readOnly || event.key !== 'Enter') return;
    const size = viewer.viewport.getContainerSize();
    if (placePoint(new OSD.Point(size.x / 2, size.y / 2))) event.preventDefault();
  };
  viewer.canvas.addEventListener('keydown', onKey);
  viewer.addHandler('canvas-click', onCanvasClick);

  const unsubscribe = annotator.state.selection.subscribe(
    ({ selected }: { selected: Array<{ id: string }> }) => options.onSelect(selected.map((s) => s.id))
  ) as (() => void) | undefined;

  let destroyed = false;
  return {
    annotator,
    setMode(next) {
      mode = options.readOnly ? 'select' : next;
      annotator.cancelDrawing();
      if (mode === 'rectangle' || mode === 'polygon') {
        // The first click then starts the shape instead of ending a selection.
        annotator.cancelSelected();
        // Rectangles are dragged; polygons are clicked corner by corner (a drag still pans).
        annotator.setDrawingMode(mode === 'polygon' ? 'click' : 'drag');
        annotator.setDrawingTool(mode);
        annotator.setDrawingEnabled(true);
      } else {
        annotator.setDrawingEnabled(false);
      }
      viewer.element.dataset.drawMode = mode;
    },
    focus(id, closest = false) {
      const annotation = annotator.state.store.getAnnotation(id);
      if (!annotation) return;
      annotator.setSelected(id, !options.readOnly);
      if (!closest) return annotator.fitBoundsWithConstraints(id, { padding: 80 });
      const { minX, minY, maxX, maxY } = annotation.target.selector.geometry.bounds;
      const viewport = viewer.viewport;
      viewport.panTo(viewport.imageToViewportCoordinates((minX + maxX) / 2, (minY + maxY) / 2));
      viewport.zoomTo(viewport.getMaxZoom());
    },
    select(id) {
      if (id === null) annotator.cancelSelected();
      else if (annotator.state.store.getAnnotation(id)) annotator.setSelected(id, !options.readOnly);
    },
    setHighlights(next) {
      highlights = next;
      applyStyle();
    },
    setColours(next) {
      colours = next;
      applyStyle();
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      viewer.removeHandler('canvas-click', onCanvasClick);
      viewer.canvas.removeEventListener('keydown', onKey);
      for (const type of PINNED) document.removeEventListener(type, pin, true);
      unsubscribe?.();
      annotator.destroy();
    }
  };
}
