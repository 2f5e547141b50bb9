import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFailure } from '../../src/lib/server/evidence/probe.ts';
import { flatJpeg, truncatedJpeg } from '../helpers/images.ts';

describe('the reason a probed image could not be tiled', () => {
  let dir: string;
  let whole: string;
  let cut: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-decode-'));
    whole = path.join(dir, 'whole.jpg');
    cut = path.join(dir, 'cut.jpg');
    fs.writeFileSync(whole, await flatJpeg(60, 40, { r: 10, g: 20, b: 30 }));
    fs.writeFileSync(cut, await truncatedJpeg());
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names a truncated file from its bytes, whatever libvips said', async () => {
    // "Unknown error" is what sharp reports when another thread cleared libvips's shared error buffer
    for (const message of ['Unknown error', 'VipsJpeg: Premature end of input file', '']) {
      expect(await decodeFailure(cut, 'image/jpeg', message)).toBe(
        'cannot decode image: premature end of file (the file is truncated)'
      );
    }
  });

  it("keeps libvips's words for a complete file, and never says 'Unknown error'", async () => {
    expect(await decodeFailure(whole, 'image/jpeg', 'VipsJpeg: bad Huffman table')).toBe(
      'cannot decode image: VipsJpeg: bad Huffman table'
    );
    expect(await decodeFailure(whole, 'image/jpeg', 'Unknown error')).toBe(
      'cannot decode image: the image data is damaged'
    );
  });

  it('does not guess truncation for a format without a trailer it knows', async () => {
    expect(await decodeFailure(cut, 'image/tiff', 'Unknown error')).toBe(
      'cannot decode image: the image data is damaged'
    );
  });
});
