/**
 * data/report.pdf: the dossier for a reader without tools. Identifiers, each photograph with its
 * annotated regions drawn over it (numbered; photographs left out by redaction are named, not
 * shown), the findings per region, the reviewers, every file's SHA-256, and the export's
 * fingerprint (bag-info.txt `Athar-Fingerprint`: the SHA-256 of manifest-sha256.txt without the
 * report's own line). Text is set in Noto Naskh Arabic (Arabic and Latin subsets, embedded).
 *
 * Memory: photographs are reduced (sharp) one at a time, and the writer waits while the PDF stream
 * holds more than a few megabytes nobody has read yet.
 */
import { once } from 'node:events';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import type { Db } from '../db/connect.ts';
import { originalPath, type Store } from '../evidence/store.ts';
import { namesOf } from '../users/users.ts';
import { translate, type MessageKey } from '../../i18n/index.ts';
import { FINDING_VOCABULARY, labelOf } from '../../i18n/vocabulary.ts';
import { FINDING_FIELDS } from '../../model/injury.ts';
import { parseTarget, regionBounds, type Region } from '../../model/selector.ts';
import type { ItemSummary } from './payload.ts';
import type { Redaction } from './redaction.ts';
import type { DossierScope } from './scope.ts';

export type ReportInput = {
  db: Db;
  store: Store;
  scope: DossierScope;
  summaries: ItemSummary[];
  redaction: Redaction;
  exportedAt: Date;
  exportedBy: string;
  keyId: string;
  fingerprint: string;
  /** Lines of what the dossier is about beyond items (a body's or a person's state), when any. */
  subject?: Array<[string, string]>;
};

const require = createRequire(import.meta.url);
const FONTS = {
  latin: require.resolve('@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-latin-400-normal.woff'),
  latinBold: require.resolve('@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-latin-700-normal.woff'),
  arabic: require.resolve('@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-arabic-400-normal.woff')
};
const ARABIC =
  /([\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+(?:[\s\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]*[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff])?)/;
const HIGH_WATER = 4 * 1024 * 1024;
const MARGIN = 50;
const IMAGE_BOX = { width: 495, height: 400 };

const label = (key: MessageKey) => translate('en', key);

/** Text in runs of Latin and Arabic, each in its font (the subsets hold one script each). */
function write(doc: PDFKit.PDFDocument, text: string, options: { bold?: boolean; size?: number } = {}) {
  doc.fontSize(options.size ?? 10);
  const runs = text.split(ARABIC).filter((r) => r.length > 0);
  if (runs.length === 0) runs.push(' ');
  runs.forEach((run, i) => {
    doc.font(ARABIC.test(run) ? 'arabic' : options.bold ? 'latinBold' : 'latin');
    doc.text(run, { continued: i < runs.length - 1 });
  });
}

const field = (doc: PDFKit.PDFDocument, name: string, value: string) => write(doc, `${name}: ${value}`);

function findingText(finding: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const f of FINDING_FIELDS) {
    const value = finding[f];
    if (value === undefined || value === '') continue;
    const labels = Object.hasOwn(FINDING_VOCABULARY, f)
      ? FINDING_VOCABULARY[f as keyof typeof FINDING_VOCABULARY]
      : undefined;
    const shown = labels ? label(labelOf(labels, String(value))) : String(value);
    parts.push(`${label(`finding.${f}`)}: ${shown}`);
  }
  return parts.length > 0 ? parts.join('; ') : label('finding.not_set');
}

async function drawPhoto(
  doc: PDFKit.PDFDocument,
  input: ReportInput,
  summary: ItemSummary,
  regions: Region[]
) {
  const { item } = summary;
  const image = await sharp(originalPath(input.store, item.sha256))
    .resize(1200, 1200, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 80 })
    .toBuffer();
  const scale = Math.min(IMAGE_BOX.width / item.width, IMAGE_BOX.height / item.height);
  if (doc.y + item.height * scale > doc.page.height - MARGIN) doc.addPage();
  const x0 = MARGIN;
  const y0 = doc.y;
  doc.image(image, x0, y0, { width: item.width * scale, height: item.height * scale });
  regions.forEach((region, i) => {
    doc.lineWidth(1.5).strokeColor('#e00000');
    if (region.kind === 'rect')
      doc.rect(x0 + region.x * scale, y0 + region.y * scale, region.w * scale, region.h * scale).stroke();
    else
      doc
        .polygon(...region.points.map(([x, y]) => [x0 + x * scale, y0 + y * scale] as [number, number]))
        .stroke();
    const box = regionBounds(region);
    doc
      .fillColor('#e00000')
      .font('latinBold')
      .fontSize(9)
      .text(String(i + 1), x0 + box.minX * scale + 2, y0 + box.minY * scale + 1, { lineBreak: false });
  });
  doc.fillColor('black').strokeColor('black');
  doc.x = MARGIN;
  doc.y = y0 + item.height * scale + 8;
}

async function writeItem(
  doc: PDFKit.PDFDocument,
  input: ReportInput,
  summary: ItemSummary,
  names: Record<string, string>
) {
  const { item } = summary;
  doc.addPage();
  write(doc, item.originalName, { bold: true, size: 13 });
  field(doc, 'Item', item.id);
  field(doc, 'Kind', item.documentId ? `document page ${item.page + 1}` : item.kind);
  field(doc, 'SHA-256 of the original', item.sha256);
  field(
    doc,
    'Ingested',
    `${new Date(item.ingestedAt).toISOString()} by ${names[item.ingestedBy] ?? item.ingestedBy}`
  );
  const live = summary.findings.filter((f) => !f.deleted);
  const regions = live.map((f) => {
    const parsed = parseTarget(JSON.stringify(f.target));
    return parsed.ok ? parsed.region : null;
  });
  doc.moveDown(0.5);
  if (item.kind === 'photo' && summary.original)
    await drawPhoto(
      doc,
      input,
      summary,
      regions.filter((r): r is Region => r !== null)
    );
  else if (item.kind === 'photo') field(doc, 'Photograph', `left out (redaction: ${input.redaction})`);
  write(doc, `Findings (${live.length})`, { bold: true, size: 11 });
  live.forEach((f, i) => {
    const by = f.updatedBy ?? f.createdBy;
    write(doc, `${i + 1}. ${findingText(f.finding)}${by ? ` — ${names[by] ?? by}` : ''}`);
  });
  if (summary.reviews.length > 0) {
    doc.moveDown(0.5);
    write(doc, 'Blind reviews', { bold: true, size: 11 });
    for (const r of summary.reviews)
      write(doc, `${names[r.userId] ?? r.userId}, submitted ${new Date(r.at).toISOString()} (${r.file})`);
  }
}

/** Waits while the PDF holds more than HIGH_WATER bytes its reader has not taken. */
async function drain(doc: PDFKit.PDFDocument) {
  while (doc.readableLength > HIGH_WATER && !doc.destroyed) await once(doc, 'data');
}

export function reportPdf(input: ReportInput): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    autoFirstPage: true,
    info: { Title: `Athar dossier: ${input.scope.title}` }
  });
  doc.registerFont('latin', FONTS.latin);
  doc.registerFont('latinBold', FONTS.latinBold);
  doc.registerFont('arabic', FONTS.arabic);
  void (async () => {
    const people = new Set<string>();
    for (const s of input.summaries) {
      people.add(s.item.ingestedBy);
      for (const r of s.reviews) people.add(r.userId);
      for (const f of s.findings) for (const id of [f.createdBy, f.updatedBy]) if (id) people.add(id);
    }
    const names = await namesOf(input.db, [...people]);
    const { scope } = input;
    write(doc, 'Athar dossier', { bold: true, size: 18 });
    write(doc, scope.title, { bold: true, size: 14 });
    doc.moveDown();
    field(doc, 'About', `${scope.kind} ${scope.id}`);
    field(doc, 'Collection', `${scope.collection.name} (${scope.collection.id})`);
    for (const [name, value] of input.subject ?? []) field(doc, name, value);
    field(doc, 'Items', String(scope.items.length));
    field(doc, 'Exported', `${input.exportedAt.toISOString()} by ${input.exportedBy}`);
    field(doc, 'Redaction', input.redaction);
    field(doc, 'Export fingerprint', input.fingerprint);
    field(doc, 'Signing key (SHA-256 of the public key)', input.keyId);
    doc.moveDown();
    write(doc, 'Experts and reviewers', { bold: true, size: 11 });
    const experts = [...people].filter((id) => names[id] !== undefined).map((id) => `${names[id]} (${id})`);
    for (const line of experts.length > 0 ? experts : ['none']) write(doc, line);
    doc.moveDown();
    write(
      doc,
      'How to check this dossier: VERIFY.md in the bag, or open verify.html in a browser. The fingerprint above is the SHA-256 of manifest-sha256.txt without the line of data/report.pdf.'
    );
    for (const summary of input.summaries) {
      await writeItem(doc, input, summary, names);
      await drain(doc);
    }
    doc.end();
  })().catch((err: unknown) => doc.destroy(err as Error));
  return doc;
}
