/**
 * Grouping suggestions: after an ingest batch and on demand, runs of photos close in capture time
 * with unbroken file numbering in one folder, and bodies sharing an identifier, are proposed; a person
 * accepts (the body is made, or the bodies merged) or rejects (never proposed again); nothing is
 * grouped silently; observers and other collections refused; `athar bodies suggest` prints them.
 */
import { describe, expect, it } from 'vitest';
import { query } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { api } from '../helpers/http.ts';
import { colourOf, flatJpeg } from '../helpers/images.ts';
import { COLLECTION, createReviewWorld } from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';
import { ingestImages, PHOTO } from '../helpers/world.ts';

type Suggestion = { id: string; itemIds: string[]; reasons: string[]; status: string; bodyId: string | null };

/** Three bodies photographed one after another: seconds between a body's photos, minutes between bodies. */
const SERIES = [
  ['06:30:00', '06:30:20', '06:30:40'],
  ['06:36:00', '06:36:15', '06:36:30', '06:36:45'],
  ['06:44:00', '06:44:30']
];

async function photographBodies(athar: Parameters<typeof ingestImages>[0]) {
  const images: Record<string, Buffer> = {};
  let n = 1;
  for (const times of SERIES)
    for (const time of times) {
      const name = `IMG_${String(n).padStart(4, '0')}.jpg`;
      images[name] = await flatJpeg(PHOTO.width, PHOTO.height, colourOf(100 + n), {
        IFD2: { DateTimeOriginal: `2013:08:21 ${time}` }
      });
      n++;
    }
  const ids = await ingestImages(athar, COLLECTION, images);
  let at = 0;
  return SERIES.map((times) => ids.slice(at, (at += times.length)));
}

for (const dialect of DIALECTS) {
  describe(`bodies: suggestions (${dialect})`, () => {
    const suite = useWorld(dialect, async (athar) => {
      const world = await createReviewWorld(athar, { items: 2, reviewers: 1 });
      return { ...world, bodies: await photographBodies(athar) };
    });
    const path = () => `/api/collections/${suite.world.collectionId}/body-suggestions`;
    const list = async (token = suite.world.reviewers[0]!.token) =>
      (await api<{ suggestions: Suggestion[] }>(suite.athar, token, 'GET', path())).body.suggestions;
    const runs = (suggestions: Suggestion[]) =>
      suggestions.filter((s) => s.reasons.includes('time')).map((s) => s.itemIds);

    it('proposes each run after the ingest batch, grouping nothing', async () => {
      const { world, athar } = suite;
      const suggestions = await list(world.observer.token);
      expect(runs(suggestions)).toEqual(world.bodies);
      const timed = suggestions.filter((s) => s.reasons.includes('time'));
      expect(timed.map((s) => s.reasons)).toEqual(SERIES.map(() => ['time', 'file_order']));
      expect(await query(athar, 'select item_id from body_items')).toEqual([]);
    });

    it('makes a body when a person accepts, and never proposes a rejected group again', async () => {
      const { world, athar } = suite;
      const reviewer = world.reviewers[0]!.token;
      const [first, second] = (await list()).filter((s) => s.reasons.includes('time'));
      const accepted = await api<{ bodyId: string }>(
        athar,
        reviewer,
        'POST',
        `${path()}/${first!.id}/accept`
      );
      expect(accepted.status).toBe(200);
      const body = await api<{ items: Array<{ itemId: string }> }>(
        athar,
        reviewer,
        'GET',
        `/api/bodies/${accepted.body.bodyId}`
      );
      expect(body.body.items.map((i) => i.itemId)).toEqual(world.bodies[0]);
      expect((await api(athar, reviewer, 'POST', `${path()}/${first!.id}/accept`)).status).toBe(409);
      expect((await api(athar, world.observer.token, 'POST', `${path()}/${second!.id}/reject`)).status).toBe(
        403
      );
      expect((await api(athar, reviewer, 'POST', `${path()}/${second!.id}/reject`)).status).toBe(200);
      const recomputed = await api<{ pending: number; suggestions: Suggestion[] }>(
        athar,
        reviewer,
        'POST',
        path()
      );
      expect(recomputed.status).toBe(200);
      expect(runs(recomputed.body.suggestions)).toEqual([world.bodies[2]]);
      const actions = await query<{ action: string }>(
        athar,
        "select action from audit_log where action like 'body.suggestion.%' order by seq"
      );
      expect(actions.map((a) => a.action)).toEqual(['body.suggestion.accept', 'body.suggestion.reject']);
    });

    it('proposes merging bodies that share an identifier; accepting merges them', async () => {
      const { world, athar } = suite;
      const reviewer = world.reviewers[0]!.token;
      const made: string[] = [];
      for (const itemId of world.items) {
        const res = await api<{ id: string }>(athar, reviewer, 'POST', '/api/bodies', {
          collectionId: world.collectionId,
          itemIds: [itemId],
          identifiers: [{ kind: 'detainee', value: made.length ? '٣٣١٠' : '3310' }]
        });
        made.push(res.body.id);
      }
      const computed = await api<{ suggestions: Suggestion[] }>(athar, reviewer, 'POST', path());
      const merge = computed.body.suggestions.find((s) => s.reasons.includes('identifier'));
      expect(merge?.itemIds.sort()).toEqual([...world.items].sort());
      const accepted = await api<{ bodyId: string }>(
        athar,
        reviewer,
        'POST',
        `${path()}/${merge!.id}/accept`
      );
      expect(accepted.status).toBe(200);
      const merged = await api<{ items: unknown[] }>(
        athar,
        reviewer,
        'GET',
        `/api/bodies/${accepted.body.bodyId}`
      );
      expect(merged.body.items).toHaveLength(2);
    });

    it('refuses other collections and observers computing; the CLI prints the candidates', async () => {
      const { world, athar } = suite;
      expect((await api(athar, world.outsider.token, 'GET', path())).status).toBe(404);
      expect((await api(athar, world.observer.token, 'POST', path())).status).toBe(403);
      const printed = await athar.cli(['bodies', 'suggest', '--collection', COLLECTION]);
      expect(printed.code).toBe(0);
      expect(printed.stdout).toContain(world.bodies[2]!.join(' '));
      expect(printed.stdout).toMatch(/1 candidate body/);
      expect((await athar.cli(['bodies', 'suggest'])).code).toBe(2);
    });
  });
}
