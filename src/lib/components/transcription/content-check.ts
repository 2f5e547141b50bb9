import * as Y from 'yjs';
import { BLOCKS, MARK_NAMES } from '$lib/model/transcription-schema';

const INLINE_ELEMENTS = new Set(['hardBreak']);
const MARKS = new Set<string>(MARK_NAMES);
const TOP = new Set<string>(BLOCKS);

function textFits(text: Y.XmlText): boolean {
  return (text.toDelta() as Array<{ attributes?: Record<string, unknown> }>).every((op) =>
    Object.keys(op.attributes ?? {}).every((name) => MARKS.has(name))
  );
}

/**
 * Whether every node and mark of the fragment is one the editor's schema holds. y-prosemirror deletes
 * from the shared document whatever its schema cannot hold; a page written by an import or a newer
 * client must then be shown read-only rather than bound to the editor.
 */
export function fitsSchema(fragment: Y.XmlFragment): boolean {
  return fragment.toArray().every((block) => {
    if (!(block instanceof Y.XmlElement) || !TOP.has(block.nodeName)) return false;
    return block
      .toArray()
      .every((child) =>
        child instanceof Y.XmlText
          ? textFits(child)
          : child instanceof Y.XmlElement && INLINE_ELEMENTS.has(child.nodeName) && child.length === 0
      );
  });
}
