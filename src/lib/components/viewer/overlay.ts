/**
 * Layers drawn over the OpenSeadragon viewer (colleagues' pointers, the shapes' numbers): a Svelte
 * component mounted into the viewer's element, as a factory with a teardown, and the viewer's
 * movements that make such a layer follow the image.
 */
import { mount, unmount, type Component } from 'svelte';
import type OpenSeadragon from 'openseadragon';

export function mountOverlay<Props extends Record<string, unknown>>(
  viewer: OpenSeadragon.Viewer,
  component: Component<Props>,
  props: Props
): () => void {
  const mounted = mount(component, { target: viewer.element, props });
  let done = false;
  return () => {
    if (done) return;
    done = true;
    void unmount(mounted);
  };
}

/** Calls `moved` whenever the view moves or resizes; returns the unsubscribe. */
export function onViewportMove(viewer: OpenSeadragon.Viewer, moved: () => void): () => void {
  viewer.addHandler('update-viewport', moved);
  viewer.addHandler('resize', moved);
  return () => {
    viewer.removeHandler('update-viewport', moved);
    viewer.removeHandler('resize', moved);
  };
}
