import * as Y from 'yjs';
import { FIELDS, TRANSCRIPTION } from './document-schema.ts';

function textOf(node: Y.XmlElement | Y.XmlText | Y.XmlFragment): string {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as Array<{ insert?: unknown }>)
      .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
      .join('');
  }
  return node
    .toArray()
    .map((child) => textOf(child as Y.XmlElement | Y.XmlText))
    .join('');
}

/** The page's transcription as plain text, one line per block (paragraph, heading, list item). */
export function transcriptionText(doc: Y.Doc): string {
  return doc
    .getXmlFragment(TRANSCRIPTION)
    .toArray()
    .map((block) => textOf(block as Y.XmlElement | Y.XmlText))
    .join('\n');
}

/** The structured fields' values as text (for search): strings, and arrays of strings (names). */
export function fieldsText(doc: Y.Doc): string {
  const parts: string[] = [];
  doc.getMap(FIELDS).forEach((value) => {
    if (typeof value === 'string') parts.push(value);
    else if (value instanceof Y.Text) parts.push(value.toString());
    else if (value instanceof Y.Array) {
      for (const v of value.toArray()) if (typeof v === 'string') parts.push(v);
    }
  });
  return parts.join('\n');
}
