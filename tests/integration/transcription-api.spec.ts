/**
 * The transcription API with real clients on both dialects: pages are written live through the
 * stock y-websocket provider (as the browser's editor writes them), then the HTTP API moves them
 * through review (approval by a second person, back to review after an edit), keeps versions and
 * restores one as a new change, searches them with Arabic-first normalisation (diacritics, hamza
 * forms, Arabic-Indic digits, Latin case and accents) within the caller's collections, exports the
 * whole document as TXT and TEI with the documentalist's marks, and drafts text by OCR from
 * generated pages of printed English and Arabic.
 */
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { docWhere, join, type Peer } from '../helpers/collab.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { FIELDS, TRANSCRIPTION } from '../../src/lib/model/document-schema.ts';
import { normalise } from '../../src/lib/model/normalise.ts';
import { itemRoom } from '../../src/lib/model/rooms.ts';
import { transcriptionText } from '../../src/lib/model/transcription-text.ts';
import { query } from '../helpers/db.ts';
import { removeDir, tempDir, textPage, tiffOf, writeFiles } from '../helpers/images.ts';
import { type Block, writePage } from '../helpers/transcription.ts';
import { addMember, addPerson, ingest, resultFor } from '../helpers/world.ts';

type Person = { id: string; email: string; token: string };
type PageState = {
  status: string;
  submittedBy: string | null;
  approvedBy: string | null;
  text: string;
  fields: Record<string, unknown>;
  versions: Array<{ id: string; at: number; reason: string; authors: string[] }>;
};
type SearchHit = {
  itemId: string;
  snippet: string;
  highlights: Array<[number, number]>;
  collectionId: string;
};

const ARCHIVE = 'Branch archive';
const OTHER = 'Other archive';
/** "Follows live edits within about a second"; looser on a shared, loaded machine. */
const INDEXED_MS = 15_000;

/** The register: a three-page document whose pages carry every search variant and every mark. */
const REGISTER: Block[][] = [
  [
    { heading: true, dir: 'rtl', runs: ['سجل النقل'] },
    { dir: 'rtl', runs: ['وصل ', { text: 'مُحَمَّد', marks: ['personName'] }, ' إلى الفرع ٧٣٩'] }
  ],
  [
    { dir: 'ltr', runs: ['JOSÉ visited the École'] },
    { dir: 'rtl', runs: ['السيد محمّد ', { text: 'أحمد', marks: ['deletion'] }] }
  ],
  [
    {
      runs: [
        'محمد في الفرع 739 ',
        { text: 'غير واضح', marks: ['unclear'] },
        ' ',
        { text: 'xx', marks: ['illegible'] },
        ' ',
        { text: 'مضاف', marks: ['insertion'] },
        ' ',
        { text: 'حاشية', marks: ['marginalNote'] }
      ]
    }
  ]
];

for (const dialect of DIALECTS) {
  describe(`transcription API (${dialect})`, () => {
    let athar: Instance;
    let alice: Person;
    let bob: Person;
    let olga: Person;
    const items: Record<string, string> = {};
    let register: string[] = [];
    let otherCollection = '';
    const peers: Peer[] = [];

    const call = (who: Person, pathname: string, json?: unknown) =>
      fetch(`${athar.url}${pathname}`, {
        method: json === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${who.token}`,
          ...(json === undefined ? {} : { 'content-type': 'application/json' })
        },
        body: json === undefined ? undefined : JSON.stringify(json)
      });
    const stateOf = async (who: Person, itemId: string): Promise<PageState> => {
      const res = await call(who, `/api/items/${itemId}/transcription`);
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as PageState;
    };
    const setStatus = (who: Person, itemId: string, status: string) =>
      call(who, `/api/items/${itemId}/status`, { status });
    const search = async (who: Person, q: string, collection?: string): Promise<SearchHit[]> => {
      const params = new URLSearchParams({ q, ...(collection ? { collection } : {}) });
      const res = await call(who, `/api/search?${params}`);
      expect(res.status, await res.clone().text()).toBe(200);
      return ((await res.json()) as { results: SearchHit[] }).results;
    };
    const errorOf = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      return body.error.message;
    };
    const joined = async (itemId: string, who: Person) => {
      const peer = await join(athar, itemRoom(itemId), { token: who.token });
      peers.push(peer);
      return peer;
    };
    /** Waits until the server's projection has the page's text. */
    const serverHas = (itemId: string, text: string) =>
      expect
        .poll(async () => (await stateOf(alice, itemId)).text, {
          message: `the text of ${itemId}`,
          timeout: 15_000
        })
        .toBe(text);

    beforeAll(async () => {
      athar = await startInstance(dialect);
      [alice, bob, olga] = await Promise.all([
        addPerson(athar, 'alice@example.org', 'reviewer'),
        addPerson(athar, 'bob@example.org', 'reviewer'),
        addPerson(athar, 'olga@example.org', 'observer')
      ]);
      const dir = tempDir();
      try {
        const pages = writeFiles(path.join(dir, 'archive'), {
          'english.png': await textPage(['Transfer order 215', 'for Mohammed Ahmad'], {
            font: 'DejaVu Serif 14'
          }),
          'arabic.png': await textPage(['أمر نقل المعتقل محمد أحمد', 'إلى الفرع 215'], { rtl: true }),
          'workflow.png': await textPage(['Workflow page']),
          'restore.png': await textPage(['Restore page']),
          'register.tiff': await tiffOf([
            await textPage(['Register, page one']),
            await textPage(['Register, page two']),
            await textPage(['Register, page three'])
          ])
        });
        const run = await ingest(athar, [path.join(dir, 'archive')], ARCHIVE, ['--kind', 'document']);
        expect(run.code, run.stderr).toBe(0);
        for (const name of Object.keys(pages))
          items[name.split('.')[0]!] = resultFor(run.results, name).itemId!;
        const rows = await query<{ id: string }>(
          athar,
          'select id from items where document_id = (select document_id from items where id = ?) order by page_index',
          [items.register]
        );
        register = rows.map((r) => r.id);
        expect(register).toHaveLength(3);

        writeFiles(path.join(dir, 'other'), { 'other.png': await textPage(['Other collection']) });
        const other = await ingest(athar, [path.join(dir, 'other')], OTHER, ['--kind', 'document']);
        expect(other.code, other.stderr).toBe(0);
        items.other = other.results[0]!.itemId!;
      } finally {
        removeDir(dir);
      }
      for (const who of [alice, bob, olga]) await addMember(athar, ARCHIVE, who.email);
      await addMember(athar, OTHER, alice.email);
      otherCollection = (
        await query<{ id: string }>(athar, 'select id from collections where name = ?', [OTHER])
      )[0]!.id;
    });
    afterEach(() => {
      for (const peer of peers.splice(0)) peer.close();
    });
    afterAll(async () => {
      await athar?.destroy();
    });

    it('moves a page through review: a second person approves, an edit after approval reopens it', async () => {
      const item = items.workflow!;
      const peer = await joined(item, alice);
      writePage(peer.doc, [{ dir: 'rtl', runs: ['قائمة المعتقلين في الفرع'] }]);
      await serverHas(item, 'قائمة المعتقلين في الفرع');
      // At once: alice's edit may not be in the stored log yet, and the version the status change
      // takes must still name her.
      expect((await stateOf(alice, item)).status).toBe('in_progress');

      expect(await (await setStatus(alice, item, 'needs_review')).json()).toEqual({ status: 'needs_review' });
      expect(await errorOf(await setStatus(alice, item, 'approved'), 403, 'forbidden')).toMatch(
        /second person/
      );
      await errorOf(await setStatus(olga, item, 'approved'), 403, 'forbidden');
      await errorOf(await setStatus(bob, item, 'finished'), 400, 'bad_request');
      expect(await (await setStatus(bob, item, 'approved')).json()).toEqual({ status: 'approved' });
      await errorOf(await setStatus(bob, item, 'approved'), 409, 'conflict');
      expect(await stateOf(olga, item)).toMatchObject({
        status: 'approved',
        submittedBy: alice.id,
        approvedBy: bob.id
      });

      // An edit after approval: the page goes back to review by itself, its submitter kept.
      const text = (peer.doc.getXmlFragment(TRANSCRIPTION).get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.insert(text.length, ' رقم ٢١٥');
      await expect
        .poll(async () => (await stateOf(alice, item)).status, {
          message: 'the edited page back in review',
          timeout: 15_000
        })
        .toBe('needs_review');
      const state = await stateOf(alice, item);
      expect(state).toMatchObject({
        submittedBy: alice.id,
        approvedBy: null,
        text: 'قائمة المعتقلين في الفرع رقم ٢١٥'
      });
      const reasons = state.versions.map((v) => v.reason);
      expect(reasons.filter((r) => r === 'status').length).toBeGreaterThanOrEqual(3);
      expect(state.versions.at(-1)!.authors).toEqual([alice.id]);
      // The version taken when the edit reopened the page names the edit's author.
      expect(state.versions[0]).toMatchObject({ reason: 'status', authors: [alice.id] });

      // Now bob may approve again (alice sent it); alice still may not.
      await errorOf(await setStatus(alice, item, 'approved'), 403, 'forbidden');
      expect((await setStatus(bob, item, 'approved')).status).toBe(200);
    });

    it('keeps versions and restores one as a new change of the live page', async () => {
      const item = items.restore!;
      const peer = await joined(item, alice);
      writePage(peer.doc, [{ dir: 'rtl', runs: ['النص الأول'] }]);
      peer.doc.getMap(FIELDS).set('detaineeNumber', '٢١٥');
      await serverHas(item, 'النص الأول');
      expect((await setStatus(alice, item, 'needs_review')).status).toBe(200);

      writePage(peer.doc, [{ dir: 'rtl', runs: ['نص مختلف تمامًا'] }]);
      peer.doc.getMap(FIELDS).delete('detaineeNumber');
      await serverHas(item, 'نص مختلف تمامًا');
      expect((await setStatus(alice, item, 'in_progress')).status).toBe(200);

      const { versions } = await stateOf(bob, item);
      expect(versions.length).toBeGreaterThanOrEqual(2);
      const first = versions.at(-1)!;
      const shown = await call(bob, `/api/items/${item}/versions/${first.id}`);
      expect(shown.status).toBe(200);
      expect(((await shown.json()) as { text: string }).text).toBe('النص الأول\n٢١٥');

      await errorOf(
        await call(olga, `/api/items/${item}/versions/${first.id}/restore`, {}),
        403,
        'forbidden'
      );
      await errorOf(
        await call(bob, `/api/items/${item}/versions/${'a'.repeat(24)}/restore`, {}),
        404,
        'not_found'
      );
      const restored = await call(bob, `/api/items/${item}/versions/${first.id}/restore`, {});
      expect(await restored.json()).toEqual({ restored: first.id });

      // The restore reaches the open editor as a change like any other, fields included.
      await docWhere(
        peer.doc,
        'the restored page at alice',
        (doc) => transcriptionText(doc) === 'النص الأول' && doc.getMap(FIELDS).get('detaineeNumber') === '٢١٥'
      );
      const after = await stateOf(alice, item);
      expect(after.text).toBe('النص الأول');
      expect(after.versions[0]!.reason).toBe('restore');
      expect(after.versions.length).toBe(versions.length + 1);
    });

    it('finds pages whatever their diacritics, hamza forms, digits, case and accents', async () => {
      for (const [i, blocks] of REGISTER.entries())
        writePage((await joined(register[i]!, alice)).doc, blocks);
      const other = await joined(items.other!, alice);
      writePage(other.doc, [{ runs: ['محمد في المجموعة الأخرى'] }]);

      const hitsOf = async (who: Person, q: string, collection?: string) =>
        (await search(who, q, collection)).map((r) => r.itemId).sort();
      const [p1, p2, p3] = register as [string, string, string];
      await expect
        .poll(async () => (await hitsOf(alice, 'محمد')).length, {
          message: 'the pages in the index',
          timeout: INDEXED_MS
        })
        .toBe(4);

      for (const q of ['محمد', 'مُحَمَّد', 'محمّد', 'مـحـمـد'])
        expect(await hitsOf(bob, q), q).toEqual([p1, p2, p3].sort());
      // Western, Arabic-Indic and Eastern Arabic-Indic digits are one number.
      for (const q of ['739', '٧٣٩', '۷۳۹']) expect(await hitsOf(bob, q), q).toEqual([p1, p3].sort());
      for (const q of ['jose', 'JOSE', 'José', 'ecole', 'ÉCOLE'])
        expect(await hitsOf(bob, q), q).toEqual([p2]);
      // فرع finds الفرع (the article is indexed apart); other pages of the archive say الفرع too.
      const branch = await hitsOf(bob, 'فرع');
      expect(branch).toEqual(expect.arrayContaining([p1, p3]));
      expect(branch).not.toContain(p2);
      expect(await hitsOf(bob, 'احمد')).toEqual([p2]);
      expect(await hitsOf(bob, 'no such word')).toEqual([]);

      // The highlights point at the words as written.
      const [hit] = (await search(bob, 'محمد 739')).filter((r) => r.itemId === p1);
      expect(hit!.highlights.map(([a, b]) => hit!.snippet.slice(a, b))).toEqual(['مُحَمَّد', '٧٣٩']);

      // Collections: alice sees the other archive too, bob does not, and may not ask for it.
      expect(await hitsOf(alice, 'محمد')).toContain(items.other);
      expect(await hitsOf(bob, 'محمد')).not.toContain(items.other);
      expect(await hitsOf(alice, 'محمد', otherCollection)).toEqual([items.other]);
      await errorOf(await call(bob, `/api/search?q=x&collection=${otherCollection}`), 403, 'forbidden');
    });

    it('exports the whole document in page order as TXT and as TEI with the marks', async () => {
      for (const [i, blocks] of REGISTER.entries())
        writePage((await joined(register[i]!, alice)).doc, blocks);
      await serverHas(register[2]!, transcriptionText(peers.at(-1)!.doc));

      const txt = await call(bob, `/api/items/${register[1]}/export?format=txt`);
      expect(txt.status).toBe(200);
      expect(txt.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(txt.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''register.txt`);
      const text = await txt.text();
      expect(text.startsWith('register.tiff\n')).toBe(true);
      const order = [
        '--- page 1 ---',
        'وصل مُحَمَّد إلى الفرع ٧٣٩',
        '--- page 2 ---',
        'السيد محمّد أحمد',
        '--- page 3 ---'
      ];
      const at = order.map((s) => text.indexOf(s));
      expect(
        at.every((n) => n >= 0),
        JSON.stringify(at)
      ).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);

      const tei = await call(bob, `/api/items/${register[0]}/export?format=tei`);
      expect(tei.status).toBe(200);
      expect(tei.headers.get('content-type')).toBe('application/tei+xml; charset=utf-8');
      const xml = await tei.text();
      expect(xml).toContain('<TEI xmlns="http://www.tei-c.org/ns/1.0">');
      for (const [i, id] of register.entries()) expect(xml).toContain(`<pb n="${i + 1}" facs="#${id}"/>`);
      expect(xml).toContain('<head rend="rtl">سجل النقل</head>');
      expect(xml).toContain('<p rend="rtl">وصل <persName>مُحَمَّد</persName> إلى الفرع ٧٣٩</p>');
      expect(xml).toContain('<p rend="ltr">JOSÉ visited the École</p>');
      expect(xml).toContain('<del>أحمد</del>');
      expect(xml).toContain('<unclear>غير واضح</unclear>');
      expect(xml).toContain('<gap reason="illegible"/>');
      expect(xml).toContain('<add>مضاف</add>');
      expect(xml).toContain('<note place="margin">حاشية</note>');
      expect(xml.indexOf('<pb n="1"')).toBeLessThan(xml.indexOf('<pb n="2"'));

      await errorOf(await call(bob, `/api/items/${register[0]}/export?format=pdf`), 400, 'bad_request');
    });

    it('drafts a page of printed English by OCR into the live document', async () => {
      const item = items.english!;
      const peer = await joined(item, bob);
      await errorOf(await call(alice, `/api/items/${item}/ocr`, { lang: 'fra' }), 400, 'bad_request');
      await errorOf(await call(olga, `/api/items/${item}/ocr`, { lang: 'eng' }), 403, 'forbidden');

      const res = await call(alice, `/api/items/${item}/ocr`, { lang: 'eng' });
      expect(res.status, await res.clone().text()).toBe(200);
      const { text } = (await res.json()) as { text: string };
      expect(text).toMatch(/Transfer order 215/);
      expect(text).toMatch(/Mohammed Ahmad/);
      await docWhere(peer.doc, 'the draft at bob', (doc) => /Mohammed Ahmad/.test(transcriptionText(doc)));
      const paragraphs = peer.doc.getXmlFragment(TRANSCRIPTION).toArray() as Y.XmlElement[];
      expect(paragraphs.map((p) => [p.nodeName, p.getAttribute('dir')])).toEqual([
        ['paragraph', 'ltr'],
        ['paragraph', 'ltr']
      ]);
    });

    it('drafts a page of printed Arabic by OCR, and the draft is found by search', async () => {
      const item = items.arabic!;
      const peer = await joined(item, bob);
      const res = await call(alice, `/api/items/${item}/ocr`, { lang: 'ara' });
      expect(res.status, await res.clone().text()).toBe(200);
      const { text } = (await res.json()) as { text: string };
      // A clean line in DejaVu Sans reads back exactly here; compare normalised all the same.
      for (const word of ['أمر', 'نقل', 'المعتقل', 'محمد', 'أحمد', 'الفرع', '215'])
        expect(normalise(text), word).toContain(normalise(word));
      await docWhere(peer.doc, 'the Arabic draft at bob', (doc) =>
        normalise(transcriptionText(doc)).includes('محمد')
      );
      const paragraphs = peer.doc.getXmlFragment(TRANSCRIPTION).toArray() as Y.XmlElement[];
      expect(paragraphs.every((p) => p.getAttribute('dir') === 'rtl')).toBe(true);
      await expect
        .poll(async () => (await search(bob, 'المعتقل محمد')).some((r) => r.itemId === item), {
          message: 'the draft in the index',
          timeout: INDEXED_MS
        })
        .toBe(true);
    });
  });
}
