/**
 * Agreement of a blind queue, per pair of reviewers and pooled: findings (F1 of regions matched at
 * IoU ≥ 0.5, Cohen's kappa on lesion type, linearly weighted kappa on consistency) and, for
 * transcription queues, the mean character error rate between independent transcriptions.
 */
import type { Db } from '../db/connect.ts';
import type { CollabService } from '../runtime.ts';
import { CONSISTENCY_LEVELS } from '../../model/injury.ts';
import { reviewRoom } from '../../model/rooms.ts';
import { parseTarget } from '../../model/selector.ts';
import { transcriptionText } from '../../model/transcription-text.ts';
import {
  characterErrorRate,
  cohenKappa,
  f1,
  matchFindings,
  weightedKappa,
  type Finding
} from './agreement-math.ts';

export { reviewRoom };

type Tally = {
  items: number;
  matched: number;
  a: number;
  b: number;
  types: Array<[string, string]>;
  levels: Array<[number, number]>;
  cers: number[];
};
const emptyTally = (): Tally => ({ items: 0, matched: 0, a: 0, b: 0, types: [], levels: [], cers: [] });

/**
 * Below these, the figures say "too few to judge" (`tooFew`): a kappa over a handful of items or
 * matched regions moves wildly with one decision, and would be read as a verdict on the reviewers.
 */
export const AGREEMENT_MIN = { items: 5, regions: 10 } as const;

function summary(t: Tally, task: string) {
  return {
    items: t.items,
    tooFew: t.items < AGREEMENT_MIN.items || (task !== 'transcribe' && t.matched < AGREEMENT_MIN.regions),
    f1: f1(t.matched, t.a, t.b),
    matched: t.matched,
    lesionTypeKappa: cohenKappa(t.types),
    consistencyWeightedKappa: weightedKappa(t.levels, CONSISTENCY_LEVELS.length),
    characterErrorRate: t.cers.length ? t.cers.reduce((s, x) => s + x, 0) / t.cers.length : null
  };
}

export async function queueAgreement(
  db: Db,
  collab: CollabService | undefined,
  queue: { id: string; task: string }
) {
  const submitted = await db
    .selectFrom('assignments as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.item_id', 'a.user_id', 'u.name'])
    .where('a.queue_id', '=', queue.id)
    .where('a.status', '=', 'submitted')
    .execute();
  const byItem = new Map<string, typeof submitted>();
  for (const s of submitted) byItem.set(s.item_id, [...(byItem.get(s.item_id) ?? []), s]);
  const rooms = submitted.map((s) => reviewRoom(s.item_id, s.id));
  const rows = rooms.length
    ? await db
        .selectFrom('annotations')
        .select(['room', 'id', 'target', 'finding'])
        .where('room', 'in', rooms)
        .execute()
    : [];
  const findings = new Map<string, Finding[]>();
  for (const r of rows) {
    const target = parseTarget(r.target);
    if (!target.ok) continue;
    const region = target.region;
    const finding = JSON.parse(r.finding) as Record<string, unknown>;
    findings.set(r.room, [
      ...(findings.get(r.room) ?? []),
      {
        id: r.id,
        region,
        lesionType: finding.lesionType as string | undefined,
        consistency: finding.consistency as string | undefined
      }
    ]);
  }

  const pairs = new Map<string, Tally & { names: [string, string]; ids: [string, string] }>();
  const pooled = emptyTally();
  for (const reviews of byItem.values()) {
    const sorted = [...reviews].sort((x, y) => x.user_id.localeCompare(y.user_id));
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const [x, y] = [sorted[i]!, sorted[j]!];
        const key = `${x.user_id}|${y.user_id}`;
        const tally = pairs.get(key) ?? {
          ...emptyTally(),
          names: [x.name, y.name] as [string, string],
          ids: [x.user_id, y.user_id] as [string, string]
        };
        pairs.set(key, tally);
        for (const t of [tally, pooled]) t.items++;
        if (queue.task === 'transcribe') {
          if (!collab) continue;
          const [ta, tb] = await Promise.all([
            collab.read(reviewRoom(x.item_id, x.id)),
            collab.read(reviewRoom(y.item_id, y.id))
          ]);
          const cer = characterErrorRate(transcriptionText(ta), transcriptionText(tb));
          if (cer !== null) for (const t of [tally, pooled]) t.cers.push(cer);
          continue;
        }
        const fa = findings.get(reviewRoom(x.item_id, x.id)) ?? [];
        const fb = findings.get(reviewRoom(y.item_id, y.id)) ?? [];
        const match = matchFindings(fa, fb);
        for (const t of [tally, pooled]) {
          t.matched += match.pairs.length;
          t.a += fa.length;
          t.b += fb.length;
          for (const p of match.pairs) {
            if (p.a.lesionType && p.b.lesionType) t.types.push([p.a.lesionType, p.b.lesionType]);
            const ia = CONSISTENCY_LEVELS.indexOf(p.a.consistency as (typeof CONSISTENCY_LEVELS)[number]);
            const ib = CONSISTENCY_LEVELS.indexOf(p.b.consistency as (typeof CONSISTENCY_LEVELS)[number]);
            if (ia >= 0 && ib >= 0) t.levels.push([ia, ib]);
          }
        }
      }
    }
  }
  return {
    overall: summary(pooled, queue.task),
    pairs: [...pairs.values()].map((t) => ({
      reviewers: t.ids.map((id, k) => ({ id, name: t.names[k] })),
      ...summary(t, queue.task)
    }))
  };
}
