import * as Y from 'yjs';
import { TRANSCRIPTION } from './document-schema.ts';

/** Appends text to the transcription as paragraphs (one per line), direction chosen per line. */
export function appendParagraphs(doc: Y.Doc, text: string): void {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const fragment = doc.getXmlFragment(TRANSCRIPTION);
  fragment.insert(
    fragment.length,
    lines.map((line) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.setAttribute('dir', /[\u0600-\u06FF]/.test(line) ? 'rtl' : 'ltr');
      paragraph.insert(0, [new Y.XmlText(line)]);
      return paragraph;
    })
  );
}
