/**
 * Binds a text box (textarea or input) to one prose field of a finding (a Y.Text, schema version 2), both ways:
 * - what the person types is written as the smallest change at the caret (findings.ts `typeProse`),
 *   so a colleague typing elsewhere in the same field keeps their words;
 * - a change made by anyone else (a colleague, undo) updates the box and moves the caret by what
 *   was inserted or deleted before it, so the person keeps typing where they were.
 * A field still holding a version 1 string (a room not upgraded yet) is shown as it is; the first
 * keystroke turns it into a Y.Text, and the box follows whichever text the field then holds.
 */
import * as Y from 'yjs';
import type { FindingField } from '$lib/model/injury';
import { typeProse, type FindingWriter } from './findings';

type Delta = Array<{ insert?: unknown; retain?: number; delete?: number }>;

/**
 * Where a caret at `position` of the old text ends up after `delta`. Text inserted exactly at the
 * caret goes after it, so the word the person is typing stays whole.
 */
export function shiftCaret(position: number, delta: Delta): number {
  let index = 0; // in the old text
  let moved = position;
  for (const op of delta) {
    if (index > position) break;
    if (op.retain) index += op.retain;
    else if (op.delete) {
      moved -= Math.max(0, Math.min(op.delete, position - index));
      index += op.delete;
    } else if (typeof op.insert === 'string' && index < position) moved += op.insert.length;
  }
  return moved;
}

/**
 * Binds a text box to the Y.Text at `map[key]`, both ways (see the header). `write` turns what was
 * typed into the document's change (false when refused: the box then shows the document again);
 * changes made under `origin` are this box's own and are not echoed back into it.
 */
export function bindText(
  textarea: HTMLTextAreaElement | HTMLInputElement,
  map: Y.Map<unknown>,
  key: string,
  options: { origin: unknown; write: (text: string, caret: number) => boolean }
): () => void {
  let text: Y.Text | null = null;

  const show = () => {
    const value = map.get(key);
    const content = value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : '';
    if (textarea.value !== content) textarea.value = content;
  };

  const onText = (event: Y.YTextEvent, transaction: Y.Transaction) => {
    if (transaction.origin === options.origin) return;
    const focused = document.activeElement === textarea;
    const { selectionStart, selectionEnd, selectionDirection } = textarea;
    show();
    if (!focused || selectionStart === null || selectionEnd === null) return;
    const delta = event.delta as Delta;
    textarea.setSelectionRange(
      shiftCaret(selectionStart, delta),
      shiftCaret(selectionEnd, delta),
      selectionDirection ?? undefined
    );
  };

  /** Follows the key's current Y.Text (it is replaced when a v1 string is upgraded). */
  const follow = () => {
    const value = map.get(key);
    const next = value instanceof Y.Text ? value : null;
    if (next === text) return;
    text?.unobserve(onText);
    text = next;
    text?.observe(onText);
    show();
  };

  const onMap = (event: Y.YMapEvent<unknown>) => {
    if (event.keysChanged.has(key)) follow();
  };

  const onInput = () => {
    if (!options.write(textarea.value, textarea.selectionEnd ?? textarea.value.length)) show();
  };

  follow();
  map.observe(onMap);
  textarea.addEventListener('input', onInput);
  return () => {
    textarea.removeEventListener('input', onInput);
    map.unobserve(onMap);
    text?.unobserve(onText);
  };
}

/** A finding's prose field: typed as the finding's writer (findings.ts `typeProse`). */
export function bindProse(
  textarea: HTMLTextAreaElement | HTMLInputElement,
  finding: Y.Map<unknown>,
  field: FindingField,
  target: { writer: FindingWriter; annotationId: string }
): () => void {
  return bindText(textarea, finding, field, {
    origin: target.writer.origin,
    write: (text, caret) => typeProse(target.writer, target.annotationId, field, text, caret)
  });
}
