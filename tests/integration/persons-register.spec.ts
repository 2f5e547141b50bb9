/**
 * The register of persons: create (`POST /api/persons`), read, list and search, candidates for an
 * Arabic or Latin name with bands and reasons, access exactly like the collection (another
 * collection's member gets 404 for a person, 403 for the listing), observers refused, hostile input
 * refused with nothing written, every write audited.
 */
import { describe, expect, it } from 'vitest';
import { query } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { api, call, expectApiError } from '../helpers/http.ts';
import { createReviewWorld } from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';

type Candidate = { personId: string; score: number; band: string; reasons: string[] };

for (const dialect of DIALECTS) {
  describe(`persons: the register (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => createReviewWorld(athar, { items: 1, reviewers: 1 }));
    const create = (token: string, json: unknown) =>
      api<{ id: string }>(suite.athar, token, 'POST', '/api/persons', json);
    const personsCount = async () =>
      Number((await query<{ n: number }>(suite.athar, 'select count(*) as n from persons'))[0]!.n);

    it('creates a person with name parts in both scripts and shows them', async () => {
      const { world, athar } = suite;
      const reviewer = world.reviewers[0]!;
      const made = await create(reviewer.token, {
        collectionId: world.collectionId,
        name: 'محمد أحمد عبد الله الحلبي',
        nameLatin: 'Muhammad Ahmad Abdallah al-Halabi',
        birthDate: '1979-03',
        arrestPlace: 'حلب',
        detaineeNumbers: ['٢١٥/٣'],
        namesWritten: [{ text: 'محمد احمد الحلبي', source: 'branch list p. 4' }]
      });
      expect(made.status).toBe(201);
      const got = await api<Record<string, unknown>>(
        athar,
        reviewer.token,
        'GET',
        `/api/persons/${made.body.id}`
      );
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({
        id: made.body.id,
        collectionId: world.collectionId,
        name: 'محمد أحمد عبد الله الحلبي',
        nameParts: {
          given: { ar: 'محمد', la: 'Muhammad' },
          father: { ar: 'أحمد', la: 'Ahmad' },
          grandfather: { ar: 'عبد الله', la: 'Abdallah' },
          family: { ar: 'الحلبي', la: 'al-Halabi' }
        },
        birthDate: '1979-03',
        arrestPlace: 'حلب',
        detaineeNumbers: [{ raw: '٢١٥/٣', normalized: '215-3' }],
        namesWritten: [{ text: 'محمد احمد الحلبي', source: 'branch list p. 4' }],
        duplicates: []
      });
      const audits = await query<{ action: string; actor_id: string }>(
        athar,
        'select action, actor_id from audit_log where target = ?',
        [made.body.id]
      );
      expect(audits).toEqual([{ action: 'person.create', actor_id: reviewer.id }]);
    });

    it('finds candidates for Arabic and Latin spellings, best first, with bands and reasons', async () => {
      const { world, athar } = suite;
      const token = world.coordinator.token;
      const brother = await create(token, {
        collectionId: world.collectionId,
        name: 'محمد خالد الحلبي',
        nameParts: { given: 'محمد', father: 'خالد', family: 'الحلبي' }
      });
      expect(brother.status).toBe(201);
      const target = (
        await query<{ id: string }>(athar, "select id from persons where name = 'محمد أحمد عبد الله الحلبي'")
      )[0]!.id;
      const lookup = async (name: string) => {
        const q = new URLSearchParams({ collection: world.collectionId, name });
        const res = await api<{ candidates: Candidate[] }>(
          athar,
          token,
          'GET',
          `/api/persons/candidates?${q}`
        );
        expect(res.status).toBe(200);
        return res.body.candidates;
      };
      for (const name of ['مُحمّد أحمد الحلبى', 'Mohamed Ahmed Halabi', 'محمد بن احمد بن عبدالله حلبي']) {
        const [first, second] = await lookup(name);
        expect(first).toMatchObject({ personId: target, band: 'likely' });
        expect(second).toMatchObject({ personId: brother.body.id, band: 'unlikely' });
        expect(second!.reasons).toContain("father's name differs");
      }
      // The Latin parts were recorded too: Mohamed and Muhammad are one name, written in one script.
      const latin = await lookup('Mohamed Ahmed Halabi');
      expect(latin[0]!.reasons).toEqual(['given name equal', "father's name equal", 'family name equal']);
      // The brother was recorded in Arabic only: his Latin name meets it through the variants.
      const bridged = await lookup('Mohammed Khaled al-Halabi');
      expect(bridged[0]).toMatchObject({ personId: brother.body.id, band: 'likely' });
      expect(bridged[0]!.reasons).toEqual([
        'given name another spelling of the same name',
        "father's name another spelling of the same name",
        'family name another spelling of the same name'
      ]);
      const q = new URLSearchParams({ collection: world.collectionId, q: '215 3' });
      const byNumber = await api<{ persons: Array<{ id: string }> }>(
        athar,
        token,
        'GET',
        `/api/persons?${q}`
      );
      expect(byNumber.body.persons.map((p) => p.id)).toEqual([target]);
      const all = await api<{ persons: Array<{ id: string }> }>(
        athar,
        token,
        'GET',
        `/api/persons?collection=${world.collectionId}`
      );
      expect(all.body.persons).toHaveLength(2);
    });

    it('keeps the register to the collection: outsiders see no person and no listing', async () => {
      const { world, athar } = suite;
      const [person] = await query<{ id: string }>(athar, 'select id from persons limit 1');
      await expectApiError(
        await call(athar, world.outsider.token, `/api/persons/${person!.id}`),
        404,
        'not_found'
      );
      await expectApiError(
        await call(athar, world.outsider.token, `/api/persons?collection=${world.collectionId}`),
        403,
        'forbidden'
      );
      await expectApiError(
        await call(
          athar,
          world.outsider.token,
          `/api/persons/candidates?collection=${world.collectionId}&name=x`
        ),
        403,
        'forbidden'
      );
      const before = await personsCount();
      await expectApiError(
        await call(athar, world.outsider.token, '/api/persons', {
          collectionId: world.collectionId,
          name: 'X Y'
        }),
        403,
        'forbidden'
      );
      await expectApiError(
        await call(athar, world.observer.token, '/api/persons', {
          collectionId: world.collectionId,
          name: 'X Y'
        }),
        403,
        'forbidden'
      );
      expect(await personsCount()).toBe(before);
    });

    it('suggests duplicates, merges reversibly and marks persons distinct, audited', async () => {
      const { world, athar } = suite;
      const token = world.reviewers[0]!.token;
      const a = await create(token, { collectionId: world.collectionId, name: 'وليد سمير الخطيب' });
      const b = await create(token, { collectionId: world.collectionId, name: 'Walid Samir al-Khatib' });
      const view = async (id: string) =>
        (
          await api<Record<string, unknown> & { duplicates: Array<{ personId: string; band: string }> }>(
            athar,
            token,
            'GET',
            `/api/persons/${id}`
          )
        ).body;
      expect((await view(a.body.id)).duplicates).toMatchObject([{ personId: b.body.id, band: 'likely' }]);
      const act = (id: string, action: string, json: unknown = {}) =>
        api(athar, token, 'POST', `/api/persons/${id}/${action}`, json);
      expect((await act(b.body.id, 'merge', { other: a.body.id })).status).toBe(200);
      expect(await view(b.body.id)).toMatchObject({ mergedInto: a.body.id });
      expect((await view(a.body.id)).mergedFrom).toEqual([{ id: b.body.id, name: 'Walid Samir al-Khatib' }]);
      await expectApiError(
        await call(athar, token, `/api/persons/${b.body.id}/merge`, { other: a.body.id }),
        409,
        'conflict'
      );
      await expectApiError(
        await call(athar, world.observer.token, `/api/persons/${b.body.id}/unmerge`, {}),
        403,
        'forbidden'
      );
      expect((await act(b.body.id, 'unmerge')).status).toBe(200);
      expect(await view(b.body.id)).toMatchObject({ mergedInto: null });
      expect((await act(a.body.id, 'distinct', { other: b.body.id })).status).toBe(200);
      expect((await view(a.body.id)).duplicates).toEqual([]);
      const audits = await query<{ action: string }>(
        athar,
        "select action from audit_log where action in ('person.merge', 'person.unmerge', 'person.distinct') order by seq"
      );
      expect(audits.map((r) => r.action)).toEqual(['person.merge', 'person.unmerge', 'person.distinct']);
    });

    it('refuses hostile input with a clear error and writes nothing', async () => {
      const { world, athar } = suite;
      const token = world.reviewers[0]!.token;
      const before = await personsCount();
      const base = { collectionId: world.collectionId, name: 'سليم' };
      for (const bad of [
        { ...base, name: '' },
        { ...base, name: 'a\u0000b' },
        { ...base, name: 'x'.repeat(301) },
        { ...base, nameParts: { given: 'x', uncle: 'y' } },
        { ...base, nameParts: { given: { ar: 'x'.repeat(101) } } },
        { ...base, detaineeNumbers: Array.from({ length: 21 }, (_, i) => String(i)) },
        { ...base, birthDate: '1979-13-01' },
        { ...base, collectionId: 'not-an-id' },
        { ...base, notes: 5 },
        ['not', 'an', 'object']
      ]) {
        const res = await call(athar, token, '/api/persons', bad);
        await expectApiError(res, 400, 'bad_request');
      }
      await expectApiError(
        await call(athar, token, '/api/persons', { ...base, collectionId: world.otherCollectionId }),
        403,
        'forbidden'
      );
      expect(await personsCount()).toBe(before);
      const q = (params: Record<string, string>) =>
        call(athar, token, `/api/persons/candidates?${new URLSearchParams(params)}`);
      await expectApiError(await q({ collection: world.collectionId, name: '' }), 400, 'bad_request');
      await expectApiError(
        await q({ collection: world.collectionId, name: 'x', limit: '1e9' }),
        400,
        'bad_request'
      );
      await expectApiError(
        await q({ collection: world.collectionId, name: 'x'.repeat(301) }),
        400,
        'bad_request'
      );
      await expectApiError(await call(athar, token, '/api/persons/not-an-id'), 404, 'not_found');
    });
  });
}
