/**
 * "Something on this page changed, read it again": for the parts of a page kept in the database
 * rather than in the room's document (a body's photos and identifiers), a writer announces its change
 * in its presence state, and everyone else on the page reloads the page's data. The announcement is
 * a time, checked and bounded like every presence field; the reload is debounced, so a peer that
 * announces in a loop costs at most one reload per second (the server bounds presence traffic too).
 */
import type { Awareness } from 'y-protocols/awareness';

const FIELD = 'changed';
const RELOAD_MS = 1000;

export function watchPageChanges(awareness: Awareness, reload: () => void) {
  const seen = new Map<number, number>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const onChange = () => {
    let fresh = false;
    awareness.getStates().forEach((state, clientId) => {
      if (clientId === awareness.clientID) return;
      const field = (state as Record<string, unknown> | null)?.[FIELD];
      const at = typeof field === 'number' && Number.isFinite(field) ? field : 0;
      // A peer's first state is the page as it was when they came: only a later change counts.
      if (seen.has(clientId) && (seen.get(clientId) as number) < at) fresh = true;
      seen.set(clientId, at);
    });
    if (fresh && !timer)
      timer = setTimeout(() => {
        timer = null;
        reload();
      }, RELOAD_MS);
  };
  awareness.on('change', onChange);
  onChange();
  return {
    /** Tells everyone else on the page that its data changed. */
    announce: () => awareness.setLocalStateField(FIELD, Date.now()),
    destroy: () => {
      if (timer) clearTimeout(timer);
      awareness.off('change', onChange);
    }
  };
}
