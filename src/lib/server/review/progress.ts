import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';

/** A queue's progress: slots done, in progress and remaining, per reviewer, and throughput per day. */
export async function queueProgress(db: Db, queueId: string, reviewsPerItem: number) {
  const now = Date.now();
  const { items } = await db
    .selectFrom('queue_items')
    .select((eb) => eb.fn.countAll<number>().as('items'))
    .where('queue_id', '=', queueId)
    .executeTakeFirstOrThrow();
  const byStatus = await db
    .selectFrom('assignments')
    .select((eb) => ['user_id', 'status', eb.fn.countAll<number>().as('n')])
    .where('queue_id', '=', queueId)
    .where((eb) => eb.or([eb('status', '!=', 'active'), eb('lease_expires_at', '>', now)]))
    .groupBy(['user_id', 'status'])
    .execute();
  const users = await db
    .selectFrom('queue_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name'])
    .where('m.queue_id', '=', queueId)
    .orderBy('u.name')
    .execute();
  const perReviewer = users.map((u) => {
    const count = (status: string) =>
      Number(byStatus.find((r) => r.user_id === u.id && r.status === status)?.n ?? 0);
    return {
      userId: u.id,
      name: u.name,
      submitted: count('submitted'),
      inProgress: count('active'),
      skipped: count('skipped'),
      flagged: count('flagged')
    };
  });
  const total = (status: string) =>
    byStatus.filter((r) => r.status === status).reduce((sum, r) => sum + Number(r.n), 0);
  const slots = Number(items) * reviewsPerItem;
  const done = total('submitted');
  const inProgress = total('active');
  const day = 24 * 60 * 60 * 1000;
  // The day is written into the SQL, not bound: PostgreSQL sees `floor(finished_at / $1)` in the
  // select and `… / $2` in the group by as different expressions and refused the query (every
  // GET /api/queues/:id answered 500 there).
  const dayOf = sql<number>`floor(finished_at / ${sql.lit(day)})`;
  const perDay = await db
    .selectFrom('assignments')
    .select([dayOf.as('day'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('queue_id', '=', queueId)
    .where('status', '=', 'submitted')
    .groupBy(dayOf)
    .orderBy(dayOf)
    .execute();
  const flags = await db
    .selectFrom('assignments as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.item_id', 'a.status', 'a.reason', 'a.finished_at', 'u.name'])
    .where('a.queue_id', '=', queueId)
    .where('a.status', 'in', ['flagged', 'skipped'])
    .orderBy('a.finished_at', 'desc')
    .limit(100)
    .execute();
  return {
    items: Number(items),
    slots,
    done,
    inProgress,
    remaining: Math.max(0, slots - done - inProgress),
    itemsComplete: Number(
      (
        await db
          .selectFrom('queue_items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('queue_id', '=', queueId)
          .where('done', '>=', reviewsPerItem)
          .executeTakeFirstOrThrow()
      ).n
    ),
    perReviewer,
    throughput: perDay.map((d) => ({
      day: new Date(Number(d.day) * day).toISOString().slice(0, 10),
      submitted: Number(d.n)
    })),
    flags: flags.map((f) => ({
      assignmentId: f.id,
      itemId: f.item_id,
      status: f.status,
      reason: f.reason,
      at: Number(f.finished_at),
      by: f.name
    }))
  };
}
