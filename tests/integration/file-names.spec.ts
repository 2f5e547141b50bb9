/**
 * Names that lie (issue 13, point 9): a right-to-left override makes `evidence\u202Egpj.exe` read
 * "evidenceexe.jpg", and zero-width characters hide in a name. The original's name is kept byte for
 * byte as provenance; ingest flags it, the audit row records it, and every page that shows the name
 * writes the hidden characters out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { query } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { get } from '../helpers/http.ts';
import { colourOf, flatJpeg, removeDir, tempDir } from '../helpers/images.ts';
import { addPerson, addMember, ingest, type Person } from '../helpers/world.ts';

const SPOOFED = 'evidence\u202Egpj.exe';
const ZERO_WIDTH = 'body\u200B12.jpg';

for (const dialect of DIALECTS) {
  describe(`file names with hidden characters (${dialect})`, () => {
    let athar: Instance;
    let fixtures: string;
    let reviewer: Person;
    let run: Awaited<ReturnType<typeof ingest>>;

    beforeAll(async () => {
      athar = await startInstance(dialect);
      fixtures = tempDir();
      fs.writeFileSync(path.join(fixtures, SPOOFED), await flatJpeg(320, 240, colourOf(1)));
      fs.writeFileSync(path.join(fixtures, ZERO_WIDTH), await flatJpeg(320, 240, colourOf(2)));
      fs.writeFileSync(path.join(fixtures, 'plain.jpg'), await flatJpeg(320, 240, colourOf(3)));
      expect((await athar.cli(['collection', 'create', 'Names'])).code).toBe(0);
      reviewer = await addPerson(athar, 'reviewer@example.org', 'reviewer');
      await addMember(athar, 'Names', reviewer.email);
      run = await ingest(athar, [fixtures], 'Names');
    });
    afterAll(async () => {
      removeDir(fixtures);
      await athar.destroy();
    });

    const resultOf = (name: string) => run.results.find((r) => path.basename(r.path) === name)!;

    it('ingests them, flags them, and keeps the name byte for byte', async () => {
      expect(run.code).toBe(0);
      expect(resultOf(SPOOFED)).toMatchObject({ status: 'ingested', hiddenInName: ['U+202E'] });
      expect(resultOf(ZERO_WIDTH)).toMatchObject({ status: 'ingested', hiddenInName: ['U+200B'] });
      expect(resultOf('plain.jpg').hiddenInName).toBeUndefined();
      const rows = await query<{ original_name: string }>(
        athar,
        'select original_name from items order by original_name'
      );
      expect(rows.map((r) => Buffer.from(r.original_name).toString('hex'))).toContain(
        Buffer.from(SPOOFED).toString('hex')
      );
    });

    it('records the flag in the audit row of the ingest', async () => {
      const rows = await query<{ target: string; details: string }>(
        athar,
        "select target, details from audit_log where action = 'evidence.ingest'"
      );
      const spoofed = rows.find((r) => r.target === resultOf(SPOOFED).itemId)!;
      expect(JSON.parse(spoofed.details)).toMatchObject({ hiddenInName: ['U+202E'] });
      const plain = rows.find((r) => r.target === resultOf('plain.jpg').itemId)!;
      expect(JSON.parse(plain.details)).not.toHaveProperty('hiddenInName');
    });

    it('answers the exact name through the API, and writes the hidden characters out on the item page', async () => {
      const itemId = resultOf(SPOOFED).itemId!;
      const item = (await (await get(athar, `/api/items/${itemId}`, reviewer.token)).json()) as {
        originalName: string;
      };
      expect(item.originalName).toBe(SPOOFED);
      const html = await (await get(athar, `/items/${itemId}`, reviewer.token)).text();
      expect(html).toContain('<title>evidence⟦U+202E⟧gpj.exe');
      expect(html).toMatch(/<mark class="hidden-char[^"]*">U\+202E<\/mark>/);
      // What a person reads (the page's data for the browser keeps the exact name, inside its script).
      const shown = html.replace(/<script[\s\S]*?<\/script>/g, '');
      expect(shown).not.toContain('\u202E');
    });
  });
}
