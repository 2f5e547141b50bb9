/**
 * The demo's generated originals: abstract, non-graphic "photographs" (shapes on a plain ground,
 * one a card with a written body number) and document pages with Arabic and German text holding
 * generated names and detainee numbers. Nothing here depicts a person or comes from real evidence.
 *
 * librsvg (inside sharp) finds fonts through fontconfig, which does not see the @fontsource files
 * in node_modules; DejaVu Sans, installed with the system fonts, covers and shapes Arabic.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

export type DemoPerson = { nameAr: string; nameLatin: string; number: string };

/** Generated names and numbers (no real person), shared by the pages, the body and the register. */
export const DEMO_PEOPLE: DemoPerson[] = [
  { nameAr: 'سامر خليل', nameLatin: 'Samer Khalil', number: '4217' },
  { nameAr: 'ليلى حداد', nameLatin: 'Laila Haddad', number: '3980' },
  { nameAr: 'يوسف نعمان', nameLatin: 'Yusuf Nooman', number: '5102' }
];
export const DEMO_BODY_NUMBER = '215';
/** The generated photographs' size (the findings' regions lie inside it). */
export const PHOTO_SIZE = { width: 1200, height: 800 };

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const svg = (width: number, height: number, inner: string) =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${inner}</svg>`);

/** Shapes on a ground: circles and bars in a palette chosen by `seed`. */
function shapes(seed: number): Buffer {
  const hues = [200, 30, 140, 280, 0, 90];
  const hue = hues[seed % hues.length]!;
  const parts = [`<rect width="100%" height="100%" fill="hsl(${hue},25%,85%)"/>`];
  for (let i = 0; i < 6; i++) {
    const x = 120 + ((seed * 97 + i * 173) % 960);
    const y = 100 + ((seed * 61 + i * 131) % 600);
    const r = 40 + (((seed + i) * 37) % 120);
    parts.push(
      `<circle cx="${x}" cy="${y}" r="${r}" fill="hsl(${(hue + i * 40) % 360},45%,55%)" opacity="0.7"/>`
    );
    parts.push(
      `<rect x="${(x + 200) % 1100}" y="${(y + 90) % 700}" width="${r * 2}" height="24" fill="hsl(${(hue + 180) % 360},30%,40%)"/>`
    );
  }
  return svg(PHOTO_SIZE.width, PHOTO_SIZE.height, parts.join(''));
}

/** A plain card with a handwritten-looking body number, as photographed next to a body. */
function numberCard(): Buffer {
  return svg(
    PHOTO_SIZE.width,
    PHOTO_SIZE.height,
    `<rect width="100%" height="100%" fill="hsl(210,10%,70%)"/>` +
      `<rect x="380" y="220" width="440" height="320" rx="12" fill="#fbfaf4" transform="rotate(-4 600 380)"/>` +
      `<text x="600" y="440" font-family="DejaVu Sans" font-size="150" font-weight="bold" fill="#203060" text-anchor="middle" transform="rotate(-4 600 380)">${DEMO_BODY_NUMBER}</text>`
  );
}

/** A register page: a heading and one line per person, in Arabic (right-aligned) or German. */
function page(lang: 'ar' | 'de', people: DemoPerson[]): Buffer {
  const lines =
    lang === 'ar'
      ? [
          'سجل الموقوفين — نسخة عرض مولدة',
          ...people.map((p) => `الاسم: ${p.nameAr} — رقم الموقوف ${p.number}`)
        ]
      : [
          'Häftlingsliste — erzeugte Demo-Seite',
          ...people.map((p) => `Name: ${p.nameLatin} — Häftlingsnummer ${p.number}`)
        ];
  const x = lang === 'ar' ? 1040 : 80;
  const anchor = lang === 'ar' ? 'end' : 'start';
  const text = lines
    .map(
      (line, i) =>
        `<text x="${x}" y="${140 + i * 90}" font-family="DejaVu Sans" font-size="${i === 0 ? 44 : 34}" text-anchor="${anchor}" fill="#222">${escape(line)}</text>`
    )
    .join('');
  return svg(1120, 1500, `<rect width="100%" height="100%" fill="#f4efe2"/>${text}`);
}

export type DemoFiles = { photos: string[]; card: string; pages: string[] };

/** Writes the originals into `dir` as JPEG (photographs) and PNG (pages). */
export async function writeDemoImages(dir: string): Promise<DemoFiles> {
  await fs.mkdir(dir, { recursive: true });
  const write = async (name: string, source: Buffer, format: 'jpeg' | 'png') => {
    const file = path.join(dir, name);
    await sharp(source)[format]().toFile(file);
    return file;
  };
  const photos: string[] = [];
  for (let i = 1; i <= 5; i++) photos.push(await write(`demo-photo-${i}.jpg`, shapes(i), 'jpeg'));
  const card = await write('demo-card.jpg', numberCard(), 'jpeg');
  const pages = [
    await write('demo-page-ar.png', page('ar', DEMO_PEOPLE), 'png'),
    await write('demo-page-de.png', page('de', DEMO_PEOPLE), 'png')
  ];
  return { photos, card, pages };
}
