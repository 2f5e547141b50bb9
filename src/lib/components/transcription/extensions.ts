/**
 * The editor's own vocabulary on top of Tiptap: the documentalist's marks, named exactly as in
 * TRANSCRIPTION_MARKS (y-prosemirror stores a mark as a text attribute under its name, and the TEI
 * export reads those names), and a `dir` attribute on paragraphs and headings (the OCR draft writes
 * it too). No `dir` stored means "auto": the browser picks the direction from the text.
 */
import { Extension, Mark, mergeAttributes } from '@tiptap/core';
import { BLOCKS, MARK_NAMES, type TranscriptionMark } from '$lib/model/transcription-schema';

/** Ctrl (⌘ on a Mac) + Shift + 1…6: free in browsers, and digits sit on the same keys in Arabic layouts. */
export const MARK_SHORTCUTS = Object.fromEntries(
  MARK_NAMES.map((name, i) => [name, `Mod-Shift-${i + 1}`])
) as Record<TranscriptionMark, string>;

/** How a shortcut reads for people (and `aria-keyshortcuts`). */
export function shortcutLabel(shortcut: string, mac: boolean): string {
  return shortcut.replace('Mod', mac ? 'Meta' : 'Control').replaceAll('-', '+');
}

export function transcriptionMarks(labels: Record<TranscriptionMark, string>) {
  return MARK_NAMES.map((name) =>
    Mark.create({
      name,
      // Typing after a marked passage does not extend it: a name ends where the name ends.
      inclusive: false,
      parseHTML() {
        return [{ tag: `span[data-mark="${name}"]` }];
      },
      renderHTML({ HTMLAttributes }) {
        return [
          'span',
          mergeAttributes(HTMLAttributes, {
            'data-mark': name,
            class: `tx-mark tx-${name}`,
            title: labels[name]
          }),
          0
        ];
      },
      addKeyboardShortcuts() {
        return { [MARK_SHORTCUTS[name]]: () => this.editor.commands.toggleMark(name) };
      }
    })
  );
}

export type BlockDirection = 'ltr' | 'rtl' | null;

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    blockDirection: {
      /** Sets `dir` on the paragraphs and headings of the selection; null returns them to auto. */
      setBlockDirection: (dir: BlockDirection) => ReturnType;
    };
  }
}

export const BlockDirectionExtension = Extension.create({
  name: 'blockDirection',
  addGlobalAttributes() {
    return [
      {
        types: [...BLOCKS],
        attributes: {
          dir: {
            default: null,
            keepOnSplit: true,
            parseHTML: (element) => {
              const dir = element.getAttribute('dir');
              return dir === 'ltr' || dir === 'rtl' ? dir : null;
            },
            renderHTML: (attributes) => ({ dir: (attributes.dir as BlockDirection) ?? 'auto' })
          }
        }
      }
    ];
  },
  addCommands() {
    return {
      setBlockDirection:
        (dir) =>
        ({ commands }) => {
          const results = BLOCKS.map((block) => commands.updateAttributes(block, { dir }));
          return results.some(Boolean);
        }
    };
  }
});
