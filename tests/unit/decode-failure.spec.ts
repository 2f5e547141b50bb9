import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFailure as decodeReason } from '../../src/lib/server/evidence/probe.ts';
import { reasonText } from '../../src/lib/server/evidence/reasons.ts';
import { flatJpeg, truncatedJpeg } from '../helpers/images.ts';

/** The reason, as the CLI words it. */
const decodeFailure = async (file: string, mime: string, message: string) =>
  reasonText(await decodeReason(file, mime, message));

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

  it('names the reason by a code an interface can word', async () => {
    expect(await decodeReason(cut, 'image/jpeg', 'Unknown error')).toEqual({ code: 'truncated', params: {} });
    expect(await decodeReason(whole, 'image/jpeg', 'Unknown error')).toEqual({
      code: 'damaged',
      params: { detail: null }
    });
  });

  it('does not guess truncation for a format without a trailer it knows', async () => {
    expect(await decodeFailure(cut, 'image/tiff', 'Unknown error')).toBe(
      'cannot decode image: the image data is damaged'
    );
  });
});
