/**
 * Dossiers about a body and about a person: the body's photographs in order with their roles, its
 * identifiers and identification state in record.json and the report; redaction for a family that
 * keeps only the face and tag photographs; the person's dossier gathering the photographs of the
 * body identified as them. Both verify; nobody outside the collection learns they exist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { extractText } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import { COLLECTION } from '../helpers/collab-world.ts';
import { query } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { createDossierWorld, download, outsideChecks, unzip, type DossierWorld } from '../helpers/dossier.ts';
import { api, expectApiError } from '../helpers/http.ts';
import { removeDir } from '../helpers/images.ts';
import { useWorld } from '../helpers/suite.ts';
import { addPerson } from '../helpers/world.ts';

const NUMBER = `${1000 + Math.floor(Math.random() * 8000)}/2`;

type Subjects = DossierWorld & { bodyId: string; personId: string; sha: Record<string, string> };

async function createSubjects(world: DossierWorld, athar: Parameters<typeof query>[0]): Promise<Subjects> {
  const [{ id: collectionId }] = (await query<{ id: string }>(
    athar,
    'select id from collections where name = ?',
    [COLLECTION]
  )) as [{ id: string }];
  const token = world.cora.token;
  const body = await api<{ id: string }>(athar, token, 'POST', '/api/bodies', {
    collectionId,
    itemIds: world.items,
    identifiers: [{ kind: 'detainee', value: NUMBER }]
  });
  expect(body.status, JSON.stringify(body.body)).toBe(201);
  const roles = ['face', 'tag', 'injury_detail'];
  const patched = await api(athar, token, 'PATCH', `/api/bodies/${body.body.id}`, {
    items: world.items.map((itemId, i) => ({ itemId, role: roles[i] }))
  });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  const person = await api<{ id: string }>(athar, token, 'POST', '/api/persons', {
    collectionId,
    name: 'محمد أحمد الحلبي',
    nameLatin: 'Muhammad Ahmad al-Halabi',
    detaineeNumbers: [NUMBER]
  });
  expect(person.status, JSON.stringify(person.body)).toBe(201);
  const proposed = await api<{ id: string }>(athar, token, 'POST', '/api/identifications', {
    personId: person.body.id,
    bodyId: body.body.id
  });
  expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
  const confirmed = await api(athar, token, 'POST', `/api/identifications/${proposed.body.id}/confirm`, {});
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  const rows = await query<{ id: string; sha256: string }>(athar, 'select id, sha256 from items');
  return {
    ...world,
    bodyId: body.body.id,
    personId: person.body.id,
    sha: Object.fromEntries(rows.map((r) => [r.id, r.sha256]))
  };
}

for (const dialect of DIALECTS) {
  describe(`body and person dossiers (${dialect})`, () => {
    const suite = useWorld(dialect, async (athar) =>
      createSubjects(await createDossierWorld(athar, 3), athar)
    );
    afterAll(() => removeDir(suite.world.dir));

    it('exports a body for a family with only its face and tag photographs', async () => {
      const { athar, world } = suite;
      const zip = path.join(world.dir, 'body.zip');
      const response = await download(
        athar,
        `/api/bodies/${world.bodyId}/dossier?redact=face-and-tag`,
        world.olga.token,
        zip
      );
      expect(response.status).toBe(200);
      const verified = await athar.cli(['dossier', 'verify', zip]);
      expect(verified.code, verified.stderr).toBe(0);
      const bag = unzip(zip, world.dir);
      expect(outsideChecks(bag)).toEqual({ payload: 0, tags: 0, signature: 0 });
      const kept = fs.readdirSync(path.join(bag, 'data', 'originals')).sort();
      expect(kept).toEqual([`${world.sha[world.items[0]!]}.jpg`, `${world.sha[world.items[1]!]}.jpg`].sort());
      expect(fs.readFileSync(path.join(bag, 'bag-info.txt'), 'utf8')).toMatch(
        /^Athar-Redaction: face-and-tag$/m
      );

      const record = JSON.parse(fs.readFileSync(path.join(bag, 'data', 'record.json'), 'utf8'));
      expect(record.dossier.about).toMatchObject({ kind: 'body', id: world.bodyId });
      expect(record.body.identifiers[0]).toMatchObject({ kind: 'detainee', raw: NUMBER });
      expect(record.identifications[0]).toMatchObject({ personId: world.personId, status: 'proposed' });
      expect(record.items.map((i: { id: string; role: string }) => [i.id, i.role])).toEqual(
        world.items.map((id, n) => [id, ['face', 'tag', 'injury_detail'][n]])
      );
      const custody = JSON.parse(fs.readFileSync(path.join(bag, 'data', 'custody.json'), 'utf8'));
      expect(custody.rows.at(-1)).toMatchObject({ action: 'dossier.export', target: world.bodyId });

      const { text } = await extractText(
        new Uint8Array(fs.readFileSync(path.join(bag, 'data', 'report.pdf'))),
        {
          mergePages: true
        }
      );
      const flat = text.replace(/\s+/g, ' ');
      for (const expected of [
        world.bodyId,
        NUMBER,
        '1 of 2 confirmations',
        'cora',
        'left out (redaction: face-and-tag)'
      ])
        expect(flat, expected).toContain(expected);
    });

    it("exports a person's dossier with the identified body's photographs", async () => {
      const { athar, world } = suite;
      const zip = path.join(world.dir, 'person.zip');
      const made = await athar.cli(['dossier', 'export', '--person', world.personId, '--out', zip]);
      expect(made.code, made.stderr).toBe(0);
      expect((await athar.cli(['dossier', 'verify', zip])).code).toBe(0);
      const bag = unzip(zip, world.dir);
      const record = JSON.parse(fs.readFileSync(path.join(bag, 'data', 'record.json'), 'utf8'));
      expect(record.person).toMatchObject({ id: world.personId, nameLatin: 'Muhammad Ahmad al-Halabi' });
      expect(record.items.map((i: { id: string }) => i.id)).toEqual(world.items);
      expect(fs.readdirSync(path.join(bag, 'data', 'originals'))).toHaveLength(world.items.length);
    });

    it('hides bodies and persons from people outside the collection, and refuses reviewers', async () => {
      const { athar, world } = suite;
      const outsider = await addPerson(athar, `outsider-${dialect}@example.org`, 'coordinator');
      const file = path.join(world.dir, 'refused.zip');
      for (const target of [
        `/api/bodies/${world.bodyId}/dossier`,
        `/api/persons/${world.personId}/dossier`
      ]) {
        await expectApiError(await download(athar, target, outsider.token, file), 404, 'not_found');
        await expectApiError(await download(athar, target, world.bob.token, file), 403, 'forbidden');
      }
      expect(fs.existsSync(file)).toBe(false);
    });
  });
}
