/**
 * Room on the data directory's disk for uploads (evidence/upload-space.ts), against the real disk:
 * a hold is given while what it may take leaves the floor free, counts until released, and the
 * floor comes from UPLOAD_FREE_SPACE_MIN_MB (whole megabytes, 2048 by default).
 */
import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config.ts';
import { createUploadSpace } from '../../src/lib/server/evidence/upload-space.ts';

const GiB = 1024 ** 3;

describe('room for uploads', () => {
  it('holds room until released, and refuses what would go below the floor', async () => {
    const dir = fs.mkdtempSync(`${os.tmpdir()}/athar-space-`);
    try {
      const { bavail, bsize } = fs.statfsSync(dir);
      // Room for one upload of 1 GiB (3 GiB at its peak) and half of another: the disk's own comings
      // and goings while the test runs (other suites write too) stay well inside that margin.
      const space = createUploadSpace(dir, bavail * bsize - 4.5 * GiB);
      const first = await space.hold(GiB);
      expect(first).not.toBeNull();
      expect(await space.hold(GiB)).toBeNull();
      first!.release();
      first!.release(); // a second release gives back nothing more
      const again = await space.hold(GiB);
      expect(again).not.toBeNull();
      expect(await space.hold(GiB)).toBeNull();
      again!.release();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads its floor in whole megabytes', () => {
    expect(readConfig({}).uploadFreeSpaceMin).toBe(2048 * 1024 * 1024);
    expect(readConfig({ UPLOAD_FREE_SPACE_MIN_MB: '0' }).uploadFreeSpaceMin).toBe(0);
    for (const bad of ['-1', '1.5', 'lots', String(2 ** 30 + 1)])
      expect(() => readConfig({ UPLOAD_FREE_SPACE_MIN_MB: bad }), bad).toThrow(/UPLOAD_FREE_SPACE_MIN_MB/);
  });
});
