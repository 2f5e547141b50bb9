import * as Y from 'yjs';
import { FIELDS, TRANSCRIPTION } from './document-schema.ts';
import { NAMES_MENTIONED, PERSON_NAME_MARK, type PageField } from './transcription-schema.ts';

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

export type NameOnPage = { source: 'mark' | 'field'; text: string };

function markedRuns(node: Y.XmlElement | Y.XmlText | Y.XmlFragment, out: string[]): void {
  if (node instanceof Y.XmlText) {
    // A name split over several runs (part of it also marked unclear) is one name: join the runs.
    let run: string | null = null;
    for (const op of node.toDelta() as Array<{ insert?: unknown; attributes?: Record<string, unknown> }>) {
      const marked = typeof op.insert === 'string' && op.attributes?.[PERSON_NAME_MARK] !== undefined;
      if (marked) run = (run ?? '') + (op.insert as string);
      else if (run !== null) {
        out.push(run);
        run = null;
      }
    }
    if (run !== null) out.push(run);
    return;
  }
  for (const child of node.toArray()) markedRuns(child as Y.XmlElement | Y.XmlText, out);
}

/**
 * The persons' names on a page, in order: the text marked with the person's-name mark in the
 * transcription, then the names-mentioned field. Blank ones are left out.
 */
export function namesOnPage(doc: Y.Doc): NameOnPage[] {
  const marked: string[] = [];
  markedRuns(doc.getXmlFragment(TRANSCRIPTION), marked);
  const names: NameOnPage[] = marked.map((text) => ({ source: 'mark', text: text.trim() }));
  const field = doc.getMap(FIELDS).get(NAMES_MENTIONED);
  if (field instanceof Y.Array)
    for (const v of field.toArray())
      if (typeof v === 'string') names.push({ source: 'field', text: v.trim() });
  return names.filter((n) => n.text !== '');
}

/** One text field of the page (a string, or Y.Text for prose), or '' when it is not set. */
export function fieldText(doc: Y.Doc, field: Exclude<PageField, typeof NAMES_MENTIONED>): string {
  const value = doc.getMap(FIELDS).get(field);
  if (typeof value === 'string') return value;
  return value instanceof Y.Text ? value.toString() : '';
}
