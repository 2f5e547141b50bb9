/**
 * Single-key shortcuts of the review pages. A key is ours only when nothing else wants it: no
 * modifier held, not typed into a field, not on the image (OpenSeadragon's canvas reads arrows,
 * W A S D, R and the like), and no dialog open.
 */
export function isShortcut(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return false;
  const target = event.target;
  if (!(target instanceof Element)) return true;
  if (target instanceof HTMLElement && target.isContentEditable) return false;
  if (target.closest('input, textarea, select, [role=application], [contenteditable], dialog[open]'))
    return false;
  return !document.querySelector('dialog[open]');
}
