/**
 * Page text written into a Yjs document the way y-prosemirror writes it (a Y.XmlElement per block,
 * marks as text attributes named after the mark, attribute-less marks as `{}`).
 */
import * as Y from 'yjs';
import { TRANSCRIPTION } from '../../src/lib/model/document-schema.ts';
import type { TranscriptionMark } from '../../src/lib/model/transcription-schema.ts';

/** A run of text, optionally marked. */
export type Run = string | { text: string; marks: TranscriptionMark[] };
export type Block = { runs: Run[]; dir?: 'rtl' | 'ltr'; heading?: boolean };

/** Replaces the page's transcription with these blocks, in one transaction. */
export function writePage(doc: Y.Doc, blocks: Block[]): void {
  const fragment = doc.getXmlFragment(TRANSCRIPTION);
  doc.transact(() => {
    fragment.delete(0, fragment.length);
    fragment.insert(0, blocks.map(blockElement));
  });
}

function blockElement(block: Block): Y.XmlElement {
  const element = new Y.XmlElement(block.heading ? 'heading' : 'paragraph');
  // y-prosemirror stores node attributes as they are: a heading's level is a number.
  if (block.heading) element.setAttribute('level', 2 as unknown as string);
  if (block.dir) element.setAttribute('dir', block.dir);
  // A Y.XmlText not yet in a document keeps its inserts (with their marks) until it is placed.
  const text = new Y.XmlText();
  let at = 0;
  for (const run of block.runs) {
    const { text: value, marks } = typeof run === 'string' ? { text: run, marks: [] } : run;
    text.insert(at, value, Object.fromEntries(marks.map((m) => [m, {}])));
    at += value.length;
  }
  element.insert(0, [text]);
  return element;
}
