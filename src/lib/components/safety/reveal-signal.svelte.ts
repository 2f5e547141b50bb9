/**
 * Which items this tab has shown unprotected (revealed, or with blur off). The viewer notes it, and
 * describe once reads it to prompt the first reviewer who sees an undescribed item, without the
 * viewer knowing about descriptions. Written only in the browser (from an effect).
 */
const shown = $state<Record<string, true>>({});

export function noteShown(itemId: string): void {
  shown[itemId] = true;
}

export function wasShown(itemId: string): boolean {
  return shown[itemId] === true;
}
