/**
 * Dossiers as a third party receives them: the item's signed bag verifies with `athar dossier
 * verify`, with `sha256sum -c` and with `openssl pkeyutl` alone; one flipped byte in an original,
 * an annotation file, the tag manifest or the signature fails it, naming what failed; originals
 * are byte-identical; the report PDF holds the identifiers and findings; every export is an audit
 * row with its redaction; nobody outside the collection, and no reviewer, exports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { extractText } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import { COLLECTION } from '../helpers/collab-world.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import {
  createDossierWorld,
  download,
  flipped,
  importFinding,
  outsideChecks,
  unzip,
  type DossierWorld
} from '../helpers/dossier.ts';
import { expectApiError } from '../helpers/http.ts';
import { query } from '../helpers/db.ts';
import { removeDir } from '../helpers/images.ts';
import { useWorld } from '../helpers/suite.ts';
import { addPerson, ingestPhotos, originalFile } from '../helpers/world.ts';

const NOTE = `tramline bruise ${Math.floor(Math.random() * 1e6)}`;

for (const dialect of DIALECTS) {
  describe(`dossier export (${dialect})`, () => {
    const suite = useWorld(dialect, async (athar) => {
      const world = await createDossierWorld(athar, 2);
      await importFinding(
        athar,
        world.alice.token,
        world.items[0]!,
        { lesionType: 'contusion', bodyRegion: 'chest', notes: NOTE },
        '10,20,100,60'
      );
      return world;
    });
    let bag = '';
    afterAll(() => removeDir((suite.world as DossierWorld).dir));

    it('exports an item dossier that athar, sha256sum and openssl all verify', async () => {
      const { athar, world } = suite;
      const item = world.items[0]!;
      const zip = path.join(world.dir, 'item.zip');
      const response = await download(athar, `/api/items/${item}/dossier`, world.cora.token, zip);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/zip');

      const verified = await athar.cli(['dossier', 'verify', zip]);
      expect(verified.stderr).toBe('');
      expect(verified.code).toBe(0);
      expect(verified.stdout).toMatch(/dossier valid: .*this instance's key/);

      bag = unzip(zip, world.dir);
      expect(outsideChecks(bag)).toEqual({ payload: 0, tags: 0, signature: 0 });
      for (const name of ['bagit.txt', 'bag-info.txt', 'verify.html', 'VERIFY.md', 'athar-signing-key.pem'])
        expect(fs.existsSync(path.join(bag, name)), name).toBe(true);
      expect(fs.statSync(path.join(bag, 'athar-signature.ed25519')).size).toBe(64);

      const [{ sha256 }] = (await query<{ sha256: string }>(athar, 'select sha256 from items where id = ?', [
        item
      ])) as [{ sha256: string }];
      const copy = fs.readFileSync(path.join(bag, 'data', 'originals', `${sha256}.jpg`));
      expect(copy.equals(fs.readFileSync(originalFile(athar, sha256)))).toBe(true);

      const info = fs.readFileSync(path.join(bag, 'bag-info.txt'), 'utf8');
      expect(info).toMatch(/^Source-Organization: .+$/m);
      expect(info).toMatch(/^Payload-Oxum: \d+\.\d+$/m);
      expect(info).toMatch(/^External-Description: .+$/m);
      expect(info).toMatch(/^Athar-Redaction: none$/m);

      const annotations = JSON.parse(
        fs.readFileSync(path.join(bag, 'data', 'annotations', `${item}.jsonld`), 'utf8')
      );
      expect(annotations.type).toBe('AnnotationPage');
      expect(annotations.items).toHaveLength(1);

      const custody = JSON.parse(fs.readFileSync(path.join(bag, 'data', 'custody.json'), 'utf8'));
      const actions = custody.rows.map((r: { action: string }) => r.action);
      expect(actions).toContain('evidence.ingest');
      expect(actions).toContain('annotation.import');
      const exported = custody.rows.at(-1);
      expect(exported).toMatchObject({ action: 'dossier.export', actor_id: world.cora.id, target: item });
      expect(JSON.parse(exported.details)).toMatchObject({ scope: 'item', redaction: 'none' });
      const [live] = await query<{ hash: string }>(athar, 'select hash from audit_log where seq = ?', [
        exported.seq
      ]);
      expect(live!.hash).toBe(exported.hash);

      const { text } = await extractText(
        new Uint8Array(fs.readFileSync(path.join(bag, 'data', 'report.pdf'))),
        {
          mergePages: true
        }
      );
      const fingerprint = /^Athar-Fingerprint: ([0-9a-f]{64})$/m.exec(info)![1]!;
      for (const expected of [item, sha256, 'Contusion', 'Chest', NOTE, 'alice', fingerprint, COLLECTION])
        expect(text.replace(/\s+/g, ' '), expected).toContain(expected);
    });

    it('fails on one flipped byte of an original, an annotation file, the tag manifest or the signature', async () => {
      const { athar, world } = suite;
      expect(bag).not.toBe('');
      const original = fs.readdirSync(path.join(bag, 'data', 'originals'))[0]!;
      const cases = [
        {
          file: `data/originals/${original}`,
          offset: 500,
          says: `data/originals/${original} does not match`
        },
        {
          file: `data/annotations/${world.items[0]}.jsonld`,
          offset: 40,
          says: 'does not match its line in manifest'
        },
        { file: 'tagmanifest-sha256.txt', offset: 3, says: 'tagmanifest-sha256.txt' },
        {
          file: 'athar-signature.ed25519',
          offset: 10,
          says: 'athar-signature.ed25519 is not a valid signature'
        }
      ];
      for (const c of cases) {
        const copy = flipped(bag, c.file, c.offset);
        const verdict = await athar.cli(['dossier', 'verify', copy]);
        expect(verdict.code, c.file).toBe(1);
        expect(verdict.stderr, c.file).toContain(c.says);
        const outside = outsideChecks(copy);
        expect(
          Object.values(outside).some((code) => code !== 0),
          c.file
        ).toBe(true);
      }
    });

    it('fails a zip whose original was changed inside it', async () => {
      const { athar, world } = suite;
      const zip = path.join(world.dir, 'item.zip');
      const bytes = fs.readFileSync(zip);
      const original = fs.readFileSync(
        path.join(bag, 'data', 'originals', fs.readdirSync(path.join(bag, 'data', 'originals'))[0]!)
      );
      const at = bytes.indexOf(original.subarray(200, 232));
      expect(at).toBeGreaterThan(0);
      bytes[at] = bytes[at]! ^ 0x01;
      const damaged = path.join(world.dir, 'damaged.zip');
      fs.writeFileSync(damaged, bytes);
      const verdict = await athar.cli(['dossier', 'verify', damaged]);
      expect(verdict.code).toBe(1);
      expect(verdict.stderr).toMatch(/data\/originals\/[0-9a-f]{64}\.jpg does not match/);
    });

    it('refuses reviewers, people outside the collection, unknown ids and unknown redactions', async () => {
      const { athar, world } = suite;
      const item = world.items[0]!;
      const outsider = await addPerson(athar, `otto-${dialect}@example.org`, 'observer');
      const file = path.join(world.dir, 'refused.zip');
      await expectApiError(
        await download(athar, `/api/items/${item}/dossier`, world.bob.token, file),
        403,
        'forbidden'
      );
      await expectApiError(
        await download(athar, `/api/items/${item}/dossier`, outsider.token, file),
        403,
        'forbidden'
      );
      await expectApiError(
        await download(athar, `/api/items/${item}/dossier`, world.oscar.token, file),
        403,
        'forbidden'
      );
      await expectApiError(
        await download(athar, `/api/items/${'a'.repeat(24)}/dossier`, world.cora.token, file),
        404,
        'not_found'
      );
      await expectApiError(
        await download(athar, `/api/items/${item}/dossier?redact=some`, world.cora.token, file),
        400,
        'bad_request'
      );
      const other = (await ingestPhotos(athar, `Elsewhere ${dialect}`, 1, 90))[0]!;
      await expectApiError(
        await download(athar, `/api/items/${other}/dossier`, world.olga.token, file),
        403,
        'forbidden'
      );
      expect(fs.existsSync(file)).toBe(false);
      const rows = await query<{ n: number }>(
        athar,
        "select count(*) as n from audit_log where action = 'dossier.export' and actor_id in (?, ?, ?, ?)",
        [world.bob.id, outsider.id, world.oscar.id, world.olga.id]
      );
      expect(Number(rows[0]!.n)).toBe(0);
    });

    it('exports the collection for families without photographs, recorded as such', async () => {
      const { athar, world } = suite;
      const collection = await query<{ id: string }>(athar, 'select id from collections where name = ?', [
        COLLECTION
      ]);
      const zip = path.join(world.dir, 'family.zip');
      const response = await download(
        athar,
        `/api/collections/${collection[0]!.id}/dossier?redact=all-photos`,
        world.olga.token,
        zip
      );
      expect(response.status).toBe(200);
      expect((await athar.cli(['dossier', 'verify', zip])).code).toBe(0);
      const family = unzip(zip, world.dir);
      expect(fs.existsSync(path.join(family, 'data', 'originals'))).toBe(false);
      expect(fs.readFileSync(path.join(family, 'bag-info.txt'), 'utf8')).toMatch(
        /^Athar-Redaction: all-photos$/m
      );
      const record = JSON.parse(fs.readFileSync(path.join(family, 'data', 'record.json'), 'utf8'));
      expect(record.items).toHaveLength(world.items.length);
      expect(record.items.every((i: { files: { original: unknown } }) => i.files.original === null)).toBe(
        true
      );
      const custody = JSON.parse(fs.readFileSync(path.join(family, 'data', 'custody.json'), 'utf8'));
      expect(JSON.parse(custody.rows.at(-1).details)).toMatchObject({
        scope: 'collection',
        redaction: 'all-photos'
      });

      const cli = path.join(world.dir, 'cli.zip');
      const made = await athar.cli(['dossier', 'export', '--collection', COLLECTION, '--out', cli]);
      expect(made.code, made.stderr).toBe(0);
      expect((await athar.cli(['dossier', 'verify', cli])).code).toBe(0);
      const key = await athar.cli(['dossier', 'key']);
      expect(key.stdout).toContain('BEGIN PUBLIC KEY');
      expect(key.stdout).toMatch(/fingerprint \(SHA-256 of the public key\): [0-9a-f]{64}/);
    });

    it('stops an export whose original no longer has its ingest SHA-256, and leaves no file', async () => {
      const { athar, world } = suite;
      const item = world.items[1]!;
      const [{ sha256 }] = (await query<{ sha256: string }>(athar, 'select sha256 from items where id = ?', [
        item
      ])) as [{ sha256: string }];
      const file = originalFile(athar, sha256);
      fs.chmodSync(file, 0o644);
      const bytes = fs.readFileSync(file);
      bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0x01;
      fs.writeFileSync(file, bytes);
      const out = path.join(world.dir, 'tampered.zip');
      const run = await athar.cli(['dossier', 'export', '--item', item, '--out', out]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`not ${sha256} as at ingest: export stopped`);
      expect(fs.existsSync(out)).toBe(false);
      expect(fs.existsSync(`${out}.part`)).toBe(false);
    });

    it('fails a dossier of this instance whose custody head the live audit log no longer holds', async () => {
      const { athar, world } = suite;
      const zip = path.join(world.dir, 'item.zip');
      const custody = JSON.parse(fs.readFileSync(path.join(bag, 'data', 'custody.json'), 'utf8'));
      await query(athar, 'update audit_log set hash = ? where seq = ?', ['0'.repeat(64), custody.head.seq]);
      const verdict = await athar.cli(['dossier', 'verify', zip]);
      expect(verdict.code).toBe(1);
      expect(verdict.stderr).toContain(
        `custody head (row ${custody.head.seq}) is not in this instance's audit log`
      );
    });
  });
}
