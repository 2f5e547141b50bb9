/**
 * Exports of a document's transcription: plain text, and TEI-XML (P5) carrying the documentalist's
 * marks (unclear, illegible → gap, deletion → del, insertion → add, marginal note → note
 * place="margin", person's name → persName) and one <pb/> per page.
 */
import * as Y from 'yjs';
import { TRANSCRIPTION } from '../../model/document-schema.ts';
import { TRANSCRIPTION_MARKS, type TranscriptionMark } from '../../model/transcription-schema.ts';
import { fieldsText, transcriptionText } from '../../model/transcription-text.ts';

export type ExportPage = { page: number; itemId: string; doc: Y.Doc };

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function exportText(title: string, pages: ExportPage[]): string {
  return (
    [
      title,
      ...pages.map(
        (p) =>
          `\n--- page ${p.page + 1} ---\n${transcriptionText(p.doc)}${fieldsText(p.doc) ? `\n\n${fieldsText(p.doc)}` : ''}`
      )
    ].join('\n') + '\n'
  );
}

function teiInline(text: Y.XmlText): string {
  return (text.toDelta() as Array<{ insert?: unknown; attributes?: Record<string, unknown> }>)
    .map((op) => {
      if (typeof op.insert !== 'string') return '';
      let out = escapeXml(op.insert);
      for (const name of Object.keys(op.attributes ?? {}) as TranscriptionMark[]) {
        const tei = TRANSCRIPTION_MARKS[name]?.tei;
        if (!tei) continue;
        if (name === 'illegible') out = `<gap reason="illegible"/><!-- ${out.replace(/--/g, '- -')} -->`;
        else if (name === 'marginalNote') out = `<note place="margin">${out}</note>`;
        else out = `<${tei}>${out}</${tei}>`;
      }
      return out;
    })
    .join('');
}

function teiBlock(node: Y.XmlElement | Y.XmlText): string {
  if (node instanceof Y.XmlText) return teiInline(node);
  const inner = node
    .toArray()
    .map((child) =>
      child instanceof Y.XmlText
        ? teiInline(child)
        : child instanceof Y.XmlElement && child.nodeName === 'hardBreak'
          ? '<lb/>'
          : teiBlock(child as Y.XmlElement)
    )
    .join('');
  const dir = node.getAttribute('dir');
  const rend = typeof dir === 'string' && dir !== 'auto' ? ` rend="${escapeXml(dir)}"` : '';
  return node.nodeName === 'heading' ? `<head${rend}>${inner}</head>` : `<p${rend}>${inner}</p>`;
}

export function exportTei(title: string, pages: ExportPage[], sha256: string): string {
  const body = pages
    .map((p) => {
      const blocks = p.doc.getXmlFragment(TRANSCRIPTION).toArray() as Array<Y.XmlElement | Y.XmlText>;
      return `      <pb n="${p.page + 1}" facs="#${p.itemId}"/>\n${blocks.map((b) => `      ${teiBlock(b)}`).join('\n')}`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>${escapeXml(title)}</title></titleStmt>
      <publicationStmt><p>Exported from Athar; not for publication.</p></publicationStmt>
      <sourceDesc><p>Original file SHA-256 ${sha256}</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
${body}
    </body>
  </text>
</TEI>
`;
}
