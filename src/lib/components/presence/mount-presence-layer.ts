/**
 * Colleagues' pointers drawn over the OpenSeadragon viewer, as a factory with a teardown: a Svelte
 * component mounted into the viewer's element (above the image, below nothing that takes input).
 */
import { mount, unmount } from 'svelte';
import type OpenSeadragon from 'openseadragon';
import type { Presence } from '$lib/collab/presence.svelte';
import PresenceLayer from './PresenceLayer.svelte';

export function mountPresenceLayer(
  viewer: OpenSeadragon.Viewer,
  presence: Presence,
  Point: typeof OpenSeadragon.Point
): () => void {
  const component = mount(PresenceLayer, { target: viewer.element, props: { viewer, presence, Point } });
  let done = false;
  return () => {
    if (done) return;
    done = true;
    void unmount(component);
  };
}
