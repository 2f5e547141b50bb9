/**
 * The shapes' numbers drawn over the OpenSeadragon viewer, as a factory with a teardown: a Svelte
 * component mounted into the viewer's element (like the presence layer, it takes no input).
 */
import { mount, unmount } from 'svelte';
import type OpenSeadragon from 'openseadragon';
import ShapeLabels from './ShapeLabels.svelte';
import type { AnnotationWorkspace } from './workspace.svelte';

export function mountShapeLabels(
  viewer: OpenSeadragon.Viewer,
  workspace: AnnotationWorkspace,
  Point: typeof OpenSeadragon.Point
): () => void {
  const component = mount(ShapeLabels, { target: viewer.element, props: { viewer, workspace, Point } });
  let done = false;
  return () => {
    if (done) return;
    done = true;
    void unmount(component);
  };
}
