/**
 * An interrupted `athar ingest` resumes: after a SIGKILL mid-run, or a Ctrl-C (SIGINT) that lets
 * the files in hand finish, a second run completes the rest, so that every file ends up exactly
 * once as a ready item with its original and tiles intact.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { collectionIdOf, query } from '../helpers/db.ts';
import { get } from '../helpers/http.ts';
import { noiseJpeg, removeDir, tempDir, writeFiles } from '../helpers/images.ts';
import {
  addPerson,
  filesUnder,
  ingest,
  type IngestResult,
  originalFile,
  verifiedAuditRows
} from '../helpers/world.ts';

const FILES = 12;

/** `athar ingest` as a child process we can signal; resolves once it has exited. */
function startIngest(athar: Instance, dir: string, collection: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/athar.js', 'ingest', dir, '--collection', collection, '--json', '--workers', '2'],
    { cwd: ROOT, env: athar.env, stdio: ['ignore', 'pipe', 'pipe'] }
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited };
}

/** A directory of FILES distinct noise photos, large enough that tiling each one takes a while. */
async function batch(dir: string, firstSeed: number): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {};
  for (let i = 0; i < FILES; i++)
    files[`photo-${String(i).padStart(2, '0')}.jpg`] = await noiseJpeg(1200, 900, firstSeed + i);
  writeFiles(dir, files);
  return files;
}

for (const dialect of DIALECTS) {
  describe(`interrupted ingest resumes (${dialect})`, () => {
    let athar: Instance;
    let fixtures: string;
    let token: string;

    beforeAll(async () => {
      athar = await startInstance(dialect);
      fixtures = tempDir();
      token = (await addPerson(athar, 'admin@example.org', 'admin')).token;
    });
    afterAll(async () => {
      await athar?.destroy();
      if (fixtures) removeDir(fixtures);
    });

    /** Every file exactly once, ready, bit-identical, with working tiles; nothing left processing. */
    async function expectComplete(collection: string, files: Record<string, Buffer>) {
      const collectionId = await collectionIdOf(athar, collection);
      const rows = await query<{ id: string; original_name: string; status: string; sha256: string }>(
        athar,
        'select id, original_name, status, sha256 from items where collection_id = ? order by original_name',
        [collectionId]
      );
      expect(rows.map((r) => [r.original_name, r.status])).toEqual(
        Object.keys(files)
          .sort()
          .map((name) => [name, 'ready'])
      );
      for (const row of rows) {
        expect(fs.readFileSync(originalFile(athar, row.sha256)).equals(files[row.original_name]!)).toBe(true);
        const thumbnail = await get(athar, `/iiif/${row.id}/thumbnail.jpg`, token);
        expect(thumbnail.status, row.original_name).toBe(200);
      }
      const audited = await query<{ target: string }>(
        athar,
        `select target from audit_log where action = 'evidence.ingest' and target in (${rows.map(() => '?').join(',')})`,
        rows.map((r) => r.id)
      );
      expect(audited.map((a) => a.target).sort()).toEqual(rows.map((r) => r.id).sort());
      const fixity = await athar.cli(['fixity']);
      expect(fixity.code, fixity.stderr).toBe(0);
      await verifiedAuditRows(athar);
    }

    it('finishes the rest after a SIGKILL mid-run, each file exactly once', async () => {
      const dir = path.join(fixtures, 'killed');
      const files = await batch(dir, 1);
      const { child, exited } = startIngest(athar, dir, 'Killed');
      await expect
        .poll(() => filesUnder(athar, 'tiles').length, { message: 'a first tile container', timeout: 60_000 })
        .toBeGreaterThan(0);
      child.kill('SIGKILL');
      expect((await exited).signal).toBe('SIGKILL');

      const [{ n: readyBefore } = { n: 0 }] = await query<{ n: unknown }>(
        athar,
        "select count(*) as n from items where status = 'ready'"
      );
      expect(Number(readyBefore), 'the kill came before the end of the run').toBeLessThan(FILES);

      const rerun = await ingest(athar, [dir], 'Killed');
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(rerun.results).toHaveLength(FILES);
      const count = (status: IngestResult['status']) =>
        rerun.results.filter((r) => r.status === status).length;
      expect([count('duplicate'), count('ingested')]).toEqual([
        Number(readyBefore),
        FILES - Number(readyBefore)
      ]);
      await expectComplete('Killed', files);
      expect(filesUnder(athar, 'originals')).toHaveLength(FILES);
      expect(filesUnder(athar, 'tiles')).toHaveLength(FILES);
    }, 180_000);

    it('stops cleanly on SIGINT after the files in hand, and a re-run finishes the rest', async () => {
      const dir = path.join(fixtures, 'interrupted');
      const files = await batch(dir, 1001);
      const containers = filesUnder(athar, 'tiles').length;
      const { child, exited } = startIngest(athar, dir, 'Interrupted');
      await expect
        .poll(() => filesUnder(athar, 'tiles').length, { message: 'a new tile container', timeout: 60_000 })
        .toBeGreaterThan(containers);
      child.kill('SIGINT');
      const stopped = await exited;
      expect([stopped.code, stopped.signal], stopped.stderr).toEqual([0, null]);
      const done = JSON.parse(stopped.stdout) as IngestResult[];
      expect(done.length).toBeGreaterThan(0);
      expect(done.length, 'the interrupt came before the end of the run').toBeLessThan(FILES);
      expect(done.every((r) => r.status === 'ingested')).toBe(true);
      // the files in hand were finished, not abandoned half-way
      const collectionId = await collectionIdOf(athar, 'Interrupted');
      expect(
        await query(athar, "select id from items where collection_id = ? and status = 'processing'", [
          collectionId
        ])
      ).toEqual([]);

      const rerun = await ingest(athar, [dir], 'Interrupted');
      expect(rerun.code, rerun.stderr).toBe(0);
      const statuses = Object.fromEntries(rerun.results.map((r) => [path.basename(r.path), r.status]));
      for (const name of Object.keys(files)) {
        const before = done.some((r) => path.basename(r.path) === name);
        expect(statuses[name], name).toBe(before ? 'duplicate' : 'ingested');
      }
      await expectComplete('Interrupted', files);
    }, 180_000);
  });
}
