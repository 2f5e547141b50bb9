/**
 * The transcription editor as a factory with a teardown: Tiptap bound to the room's `transcription`
 * fragment (Collaboration: y-prosemirror sync and a per-person undo history) with co-editors' carets
 * and names from the room's awareness. The schema holds only what the contract knows (paragraphs,
 * headings, line breaks, the documentalist's marks): y-prosemirror deletes from the shared document
 * any element the schema cannot hold, so nothing else may be offered.
 */
import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import StarterKit from '@tiptap/starter-kit';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { TranscriptionMark } from '$lib/model/transcription-schema';
import { BlockDirectionExtension, transcriptionMarks } from './extensions';

export type EditorOptions = {
  element: HTMLElement;
  fragment: Y.XmlFragment;
  provider: WebsocketProvider;
  user: { id: string; name: string; color: string };
  editable: boolean;
  label: string;
  markLabels: Record<TranscriptionMark, string>;
  /** Called after every transaction (selection moves included), for toolbars. */
  onChange: () => void;
};

export function createTranscriptionEditor(opts: EditorOptions): Editor {
  const editor = new Editor({
    element: opts.element,
    editable: opts.editable,
    extensions: [
      StarterKit.configure({
        undoRedo: false,
        heading: { levels: [2, 3] },
        blockquote: false,
        bold: false,
        bulletList: false,
        code: false,
        codeBlock: false,
        horizontalRule: false,
        italic: false,
        link: false,
        listItem: false,
        listKeymap: false,
        orderedList: false,
        strike: false,
        underline: false,
        trailingNode: false
      }),
      BlockDirectionExtension,
      ...transcriptionMarks(opts.markLabels),
      Collaboration.configure({ fragment: opts.fragment }),
      CollaborationCaret.configure({
        provider: opts.provider,
        user: opts.user,
        render(user: Record<string, unknown>) {
          const caret = document.createElement('span');
          caret.className = 'collaboration-carets__caret';
          caret.style.borderColor = String(user.color);
          const label = document.createElement('span');
          label.className = 'collaboration-carets__label';
          label.style.backgroundColor = String(user.color);
          label.textContent = String(user.name ?? '');
          caret.append(label);
          return caret;
        }
      })
    ],
    editorProps: {
      attributes: {
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': opts.label,
        'aria-readonly': String(!opts.editable),
        'data-testid': 'transcription-editor',
        class: 'transcription-text'
      }
    }
  });
  editor.on('transaction', opts.onChange);
  return editor;
}
