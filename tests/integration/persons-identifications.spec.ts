/**
 * Identifications: proposed by a person (by body id or by one of the body's identifiers, any digit
 * form), confirmed only by two DIFFERENT users who are experts or coordinators (the same user again
 * 409, reviewers without the expert flag and observers 403, a proposer alone never confirms),
 * excluded with a reason; a detainee number in a person's record equal to a VERIFIED body identifier
 * proposes one automatically with that evidence, and nothing is ever confirmed by the algorithm.
 * Every step audited; other collections' members see nothing (404).
 */
import { describe, expect, it } from 'vitest';
import { query } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { api, call, expectApiError } from '../helpers/http.ts';
import { createReviewWorld } from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';
import { addMember, addPerson } from '../helpers/world.ts';

type Identification = {
  id: string;
  bodyId: string;
  status: string;
  proposedBy: string | null;
  evidence: Array<Record<string, unknown>>;
  confirmations: Array<{ userId: string }>;
  excludeReason: string | null;
};

for (const dialect of DIALECTS) {
  describe(`persons: identifications (${dialect})`, () => {
    const suite = useWorld(dialect, async (athar) => {
      const world = await createReviewWorld(athar, { items: 6, reviewers: 2 });
      const expert2 = await addPerson(athar, 'expert2@example.org', 'reviewer', true);
      await addMember(athar, 'Case 12', expert2.email);
      return { ...world, expert2 };
    });
    const person = async (token: string, name: string, extra: Record<string, unknown> = {}) => {
      const res = await api<{ id: string }>(suite.athar, token, 'POST', '/api/persons', {
        collectionId: suite.world.collectionId,
        name,
        ...extra
      });
      expect(res.status).toBe(201);
      return res.body.id;
    };
    const body = async (itemIndex: number, detainee: string) => {
      const { world, athar } = suite;
      const res = await api<{ id: string }>(athar, world.reviewers[0]!.token, 'POST', '/api/bodies', {
        collectionId: world.collectionId,
        itemIds: [world.items[itemIndex]],
        identifiers: [{ kind: 'detainee', value: detainee }]
      });
      expect(res.status).toBe(201);
      return res.body.id;
    };
    const identificationsOf = async (personId: string) =>
      (
        await api<{ identifications: Identification[] }>(
          suite.athar,
          suite.world.coordinator.token,
          'GET',
          `/api/persons/${personId}`
        )
      ).body.identifications;

    it('confirms only with two different experts or coordinators', async () => {
      const { world, athar } = suite;
      const personId = await person(world.reviewers[0]!.token, 'عمر يوسف الشامي');
      const bodyId = await body(0, '٣٠٥');
      const proposed = await api<{ id: string; status: string }>(
        athar,
        world.expert.token,
        'POST',
        '/api/identifications',
        {
          personId,
          identifier: '305',
          note: 'الوجه والندبة'
        }
      );
      expect(proposed).toMatchObject({ status: 201, body: { status: 'proposed' } });
      const id = proposed.body.id;
      const confirm = (token: string) => call(athar, token, `/api/identifications/${id}/confirm`, {});

      await expectApiError(await confirm(world.reviewers[1]!.token), 403, 'forbidden');
      await expectApiError(await confirm(world.observer.token), 403, 'forbidden');
      await expectApiError(await confirm(world.outsider.token), 404, 'not_found');
      // The proposer confirms: one confirmation, still proposed; again: 409.
      const first = await confirm(world.expert.token);
      expect(await first.json()).toEqual({ status: 'proposed', confirmations: 1 });
      await expectApiError(await confirm(world.expert.token), 409, 'conflict');
      expect((await identificationsOf(personId))[0]).toMatchObject({ status: 'proposed', bodyId });
      const second = await confirm(world.coordinator.token);
      expect(await second.json()).toEqual({ status: 'confirmed', confirmations: 2 });
      await expectApiError(await confirm(world.expert2.token), 409, 'conflict');
      await expectApiError(
        await call(athar, world.expert2.token, `/api/identifications/${id}/exclude`, { reason: 'x' }),
        409,
        'conflict'
      );
      const [shown] = await identificationsOf(personId);
      expect(shown).toMatchObject({ status: 'confirmed', proposedBy: world.expert.id });
      expect(shown!.confirmations.map((c) => c.userId)).toEqual([world.expert.id, world.coordinator.id]);
      const audits = await query<{ action: string; actor_id: string }>(
        athar,
        'select action, actor_id from audit_log where target = ? order by seq',
        [id]
      );
      expect(audits).toEqual([
        { action: 'identification.propose', actor_id: world.expert.id },
        { action: 'identification.confirm', actor_id: world.expert.id },
        { action: 'identification.confirmed', actor_id: world.coordinator.id }
      ]);
      const again = await call(athar, world.reviewers[0]!.token, '/api/identifications', {
        personId,
        bodyId
      });
      await expectApiError(again, 409, 'conflict');
    });

    it('excludes with a reason, and refuses hostile or foreign requests', async () => {
      const { world, athar } = suite;
      const personId = await person(world.reviewers[0]!.token, 'Hussein Ali Darwish');
      const bodyId = await body(1, '3-306');
      const made = await api<{ id: string }>(
        athar,
        world.reviewers[1]!.token,
        'POST',
        '/api/identifications',
        {
          personId,
          bodyId
        }
      );
      expect(made.status).toBe(201);
      const exclude = (token: string, json: unknown) =>
        call(athar, token, `/api/identifications/${made.body.id}/exclude`, json);
      await expectApiError(await exclude(world.reviewers[1]!.token, { reason: 'no' }), 403, 'forbidden');
      await expectApiError(await exclude(world.expert.token, { reason: '' }), 400, 'bad_request');
      await expectApiError(
        await exclude(world.expert.token, { reason: 'x'.repeat(2001) }),
        400,
        'bad_request'
      );
      const done = await exclude(world.expert.token, { reason: 'الطول لا يطابق' });
      expect(await done.json()).toEqual({ status: 'excluded' });
      expect((await identificationsOf(personId))[0]).toMatchObject({
        status: 'excluded',
        excludeReason: 'الطول لا يطابق'
      });

      const propose = (token: string, json: unknown) => call(athar, token, '/api/identifications', json);
      await expectApiError(await propose(world.observer.token, { personId, bodyId }), 403, 'forbidden');
      await expectApiError(await propose(world.outsider.token, { personId, bodyId }), 404, 'not_found');
      await expectApiError(await propose(world.expert.token, { personId }), 400, 'bad_request');
      await expectApiError(
        await propose(world.expert.token, { personId, bodyId, identifier: '1' }),
        400,
        'bad_request'
      );
      await expectApiError(
        await propose(world.expert.token, { personId, identifier: '999999' }),
        404,
        'not_found'
      );
      await expectApiError(
        await propose(world.expert.token, { personId, bodyId: 'a'.repeat(24) }),
        404,
        'not_found'
      );
      await expectApiError(
        await call(athar, world.expert.token, `/api/identifications/${made.body.id}/approve`, {}),
        404,
        'not_found'
      );
    });

    it('proposes automatically when a recorded detainee number equals a verified body identifier, never confirming', async () => {
      const { world, athar } = suite;
      const bodyId = await body(2, '٤٤١٢');
      const [identifier] = await query<{ id: string }>(
        athar,
        'select id from body_identifiers where body_id = ?',
        [bodyId]
      );
      // Not verified yet: a matching number proposes nothing.
      const early = await person(world.reviewers[1]!.token, 'Yusuf Khalil', { detaineeNumbers: ['4412'] });
      expect(await identificationsOf(early)).toEqual([]);
      const second = await api<{ status: string }>(
        athar,
        world.reviewers[1]!.token,
        'POST',
        `/api/bodies/${bodyId}/identifiers`,
        {
          kind: 'detainee',
          value: '4412',
          identifierId: identifier!.id
        }
      );
      expect(second.body.status).toBe('verified');
      const personId = await person(world.reviewers[0]!.token, 'يوسف خليل', { detaineeNumbers: ['٤٤١٢'] });
      const [auto] = await identificationsOf(personId);
      expect(auto).toMatchObject({
        bodyId,
        status: 'proposed',
        proposedBy: null,
        confirmations: [],
        evidence: [{ type: 'identifier', identifierId: identifier!.id, number: '4412', via: 'record' }]
      });
      expect(auto!.evidence).toHaveLength(1);
      const rows = await query<{ status: string }>(
        athar,
        'select status from identifications where body_id = ?',
        [bodyId]
      );
      expect(rows.every((r) => r.status === 'proposed')).toBe(true);
    });
  });
}
