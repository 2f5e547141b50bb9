/**
 * OCR drafts with Tesseract (tesseract.js), English and Arabic. The language data comes from npm
 * packages (@tesseract.js-data/eng, @tesseract.js-data/ara): nothing is downloaded at run time.
 * One worker per language, created on first use and kept; requests are serialised per worker.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { createWorker, type Worker } from 'tesseract.js';

export const OCR_LANGUAGES = ['eng', 'ara'] as const;
export type OcrLanguage = (typeof OCR_LANGUAGES)[number];

const require = createRequire(import.meta.url);
const workers = new Map<OcrLanguage, Promise<Worker>>();
const queues = new Map<OcrLanguage, Promise<unknown>>();

function dataPath(lang: OcrLanguage): string {
  // The packages export { langPath } of their fast models; the "best_int" models beside them read better.
  return path.join(
    path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)),
    '4.0.0_best_int'
  );
}

function worker(lang: OcrLanguage): Promise<Worker> {
  let w = workers.get(lang);
  if (!w) {
    w = createWorker(lang, 1, { langPath: dataPath(lang), gzip: true, cacheMethod: 'none' });
    w.catch(() => workers.delete(lang));
    workers.set(lang, w);
  }
  return w;
}

export async function recognise(image: Buffer, lang: OcrLanguage): Promise<string> {
  const previous = queues.get(lang) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(async () => (await (await worker(lang)).recognize(image)).data.text);
  queues.set(lang, run);
  return (await run).trim();
}

export async function closeOcr(): Promise<void> {
  const all = [...workers.values()];
  workers.clear();
  await Promise.all(all.map((w) => w.then((x) => x.terminate()).catch(() => undefined)));
}

/** A page image fit for OCR: from the original (never a derivative), upright, grey, ≤ 3000 px wide. */
export async function ocrImage(originalFile: string, page: number): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  return sharp(originalFile, { page, limitInputPixels: 400_000_000 })
    .rotate()
    .resize({ width: 3000, withoutEnlargement: true })
    .greyscale()
    .png()
    .toBuffer();
}
