/**
 * OpenSeadragon on one element, as a factory with a teardown (the Annotorious shape): the page
 * keeps its own accessible buttons and calls these methods; OSD draws no controls of its own and
 * loads no button images. The CSS filter (safer viewing, examination aids) is not OSD's concern:
 * the component sets it on every canvas inside `el`, the navigator's included.
 */
import type OpenSeadragon from 'openseadragon';

export type ViewerStatus = {
  opened: boolean;
  tilesLoaded: number;
  fullyLoaded: boolean;
  failed: string | null;
};

export type ViewerOptions = {
  /** The IIIF Image API info.json URL. */
  tileSource: string;
  /** Accessible name of the keyboard-focusable image area. */
  label: string;
  /** Where the overview goes, in the reading direction's trailing bottom corner. */
  rtl: boolean;
  onStatus?: (status: ViewerStatus) => void;
};

export type MountedViewer = {
  /** The OpenSeadragon viewer itself, for plugins (Annotorious, presence). */
  osd: OpenSeadragon.Viewer;
  zoomIn(): void;
  zoomOut(): void;
  rotate(degrees: number): void;
  home(): void;
  destroy(): void;
};

export async function mountViewer(el: HTMLElement, opts: ViewerOptions): Promise<MountedViewer> {
  // OSD touches `window` at import time: load it in the browser only, when a viewer is wanted.
  const { default: OSD } = await import('openseadragon');
  const status: ViewerStatus = { opened: false, tilesLoaded: 0, fullyLoaded: false, failed: null };
  const report = () => opts.onStatus?.({ ...status });

  const viewer: OpenSeadragon.Viewer = OSD({
    element: el,
    tileSources: opts.tileSource,
    drawer: 'canvas',
    showNavigationControl: false,
    showNavigator: true,
    navigatorPosition: opts.rtl ? 'BOTTOM_LEFT' : 'BOTTOM_RIGHT',
    navigatorAutoFade: false,
    navigatorBackground: '#1b2126',
    navigatorBorderColor: '#7d8790',
    navigatorDisplayRegionColor: '#f0b429',
    keyboardNavEnabled: true,
    gestureSettingsMouse: { clickToZoom: false },
    visibilityRatio: 0.5,
    minZoomImageRatio: 0.5,
    maxZoomPixelRatio: 4,
    animationTime: 0.6,
    rotationIncrement: 90,
    placeholderFillStyle: '#1b2126',
    crossOriginPolicy: false,
    ajaxWithCredentials: false
  });

  // The focusable canvas is the keyboard surface (arrows / WASD pan, + − zoom, 0 home, r rotate).
  viewer.canvas.setAttribute('role', 'application');
  viewer.canvas.setAttribute('aria-label', opts.label);
  // OSD focuses the canvas on the first click into it; a plain focus() scrolls the whole canvas into
  // view, so a viewer partly below the fold jumped under the pointer and the first polygon corner
  // landed elsewhere. Keyboard focus is what OSD wants here, never a scroll.
  const focusCanvas = viewer.canvas.focus.bind(viewer.canvas);
  viewer.canvas.focus = (options?: FocusOptions) => focusCanvas({ ...options, preventScroll: true });

  viewer.addHandler('open', () => {
    status.opened = true;
    report();
  });
  viewer.addHandler('open-failed', (event) => {
    status.failed = event.message || 'open failed';
    report();
  });
  viewer.addHandler('tile-loaded', () => {
    status.tilesLoaded += 1;
    report();
  });
  viewer.addHandler('fully-loaded-change', (event) => {
    status.fullyLoaded = event.fullyLoaded;
    report();
  });

  let destroyed = false;
  return {
    osd: viewer,
    zoomIn: () => viewer.viewport.zoomBy(1.5).applyConstraints(),
    zoomOut: () => viewer.viewport.zoomBy(1 / 1.5).applyConstraints(),
    rotate: (degrees) => viewer.viewport.setRotation(viewer.viewport.getRotation() + degrees),
    home: () => viewer.viewport.goHome(),
    destroy() {
      // Idempotent: a page can be left while the import above is still resolving.
      if (destroyed) return;
      destroyed = true;
      viewer.destroy();
    }
  };
}
