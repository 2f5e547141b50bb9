/**
 * Claiming review work under load: REVIEWERS reviewers at once press Next (then submit what they
 * got) on one queue of ITEMS items with two reviews per item, until each is told there is nothing
 * left (204). Reports the latency of the Next answers that handed out work (p50/p95), and checks in
 * the database that no review slot was handed out twice (double claims must be 0).
 *
 * The anchor, GET /api/me (authenticate the token, answer the user), measured the way the claims
 * are: each reviewer asks it before each Next, so both samples wait behind the same requests (the
 * others' Next and submit) at the same moment. The ratio claim p95 / anchor p95 says what a claim
 * (a write with its locks and retries) costs over the cheapest authenticated request. Why not the
 * anchor alone: measured before and after the claims, with every reviewer asking only GET /api/me,
 * it waited behind nothing but other GET /api/me, while each claim waited behind the submits of the
 * others too; the ratio then counted the submits' cost as the claim's. That anchor is still printed
 * (its ratio too), to compare with earlier figures. Beside both, every request of the loop (anchor,
 * Next, submit) together: its mean, its p95 and the requests per second.
 *
 * Three scenarios per dialect, each on a queue of its own: REVIEWERS reviewers at once, MANY_REVIEWERS
 * at once, and REVIEWERS at once late in a queue of LATE_QUEUE items (every item before the last
 * ITEMS already has all its reviews, written straight into the database, so a claim that walks the
 * queue from its start pays for it).
 *
 * Before them, one reviewer alone, one request at a time (`oneAtATime`): the claim's own cost
 * beside the anchor's, with no waiting behind others.
 *
 * On SQLite and on PostgreSQL when it is reachable (tests/helpers/dialects.ts).
 * Usage: node bench/queue-claims.ts [--quick] [--dialect=sqlite|postgres]   (needs a build: `npx vite build`)
 */
import { performance } from 'node:perf_hooks';
import { ROOT, startInstance, type Instance } from '../tests/helpers/athar.ts';
import { DIALECTS, type TestDialect } from '../tests/helpers/dialects.ts';
import { openDb } from '../tests/helpers/db.ts';
import { createQueueWorld, percentile, query, type Person } from './lib/queue-world.ts';
import { QUICK, loadNote, requireBuild } from './lib/support.ts';

const ITEMS = QUICK ? 40 : 200;
const REVIEWERS = QUICK ? 10 : 50;
const MANY_REVIEWERS = QUICK ? 20 : 200;
const LATE_QUEUE = QUICK ? 10_000 : 100_000;
const ONLY = process.argv.find((a) => a.startsWith('--dialect='))?.slice('--dialect='.length);
const REVIEWS_PER_ITEM = 2;
/** GET /api/me per reviewer in each anchor phase. */
const ANCHOR_ROUNDS = QUICK ? 4 : 8;

type Timed = { status: number; ms: number; body: string };

async function timed(url: string, token: string, method: 'GET' | 'POST'): Promise<Timed> {
  const started = performance.now();
  const res = await fetch(url, { method, headers: { authorization: `Bearer ${token}` } });
  const body = await res.text();
  return { status: res.status, ms: performance.now() - started, body };
}

function expectStatus(what: string, got: Timed, ...statuses: number[]): void {
  if (!statuses.includes(got.status))
    throw new Error(`${what} answered ${got.status}: ${got.body}; the run is void`);
}

/** Every reviewer at once, `rounds` GET /api/me each; returns the latencies. */
async function anchor(base: string, reviewers: Person[], rounds: number): Promise<number[]> {
  const sample: number[] = [];
  await Promise.all(
    reviewers.map(async (r) => {
      for (let i = 0; i < rounds; i++) {
        const got = await timed(`${base}/api/me`, r.token, 'GET');
        expectStatus('GET /api/me', got, 200);
        sample.push(got.ms);
      }
    })
  );
  return sample;
}

type World = Awaited<ReturnType<typeof createQueueWorld>>;
type Scenario = { label: string; reviewers: number; late: boolean };

/** Filler rows per statement: a few thousand keep each statement short. */
const FILLER_CHUNK = 2_000;

/**
 * Puts LATE_QUEUE - ITEMS filler items (clones of one real item's row) before the queue's real
 * items, each with all its reviews already counted, so the real items come last.
 * In chunks, each its own statement, the event loop free in between: on SQLite one statement of
 * 100,000 rows blocked this process (better-sqlite3 is synchronous) past the server's keep-alive,
 * and the next request went out on a pooled socket the server had closed ("other side closed").
 */
async function pushToTheEnd(
  athar: Instance,
  queueId: string,
  template: string,
  reviews: number
): Promise<void> {
  const filler = LATE_QUEUE - ITEMS;
  const db = await openDb(athar);
  try {
    const [row] = await db.query<Record<string, unknown>>('select * from items where id = ?', [template]);
    const columns = Object.keys(row!);
    const values = columns.map((c) =>
      c === 'id' ? `'filler-' || n.i` : c === 'sha256' ? `sha256 || '-' || n.i` : c
    );
    await db.query('update queue_items set position = position + ? where queue_id = ?', [filler, queueId]);
    for (let from = 1; from <= filler; from += FILLER_CHUNK) {
      const to = Math.min(filler, from + FILLER_CHUNK - 1);
      const series = `with recursive n(i) as (select ${from} union all select i + 1 from n where i < ${to})`;
      await db.query(
        `insert into items (${columns.join(', ')}) ${series} select ${values.join(', ')} from items, n where items.id = ?`,
        [template]
      );
      await db.query(
        `insert into queue_items (queue_id, item_id, position, live, done) ${series}
           select ?, 'filler-' || n.i, n.i - 1, ?, ? from n`,
        [queueId, reviews, reviews]
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await db.close();
  }
}

async function createQueue(
  athar: Instance,
  world: World,
  name: string,
  reviewers: Person[]
): Promise<string> {
  const created = await fetch(`${athar.url}/api/queues`, {
    method: 'POST',
    headers: { authorization: `Bearer ${world.coordinator.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      collectionId: world.collectionId,
      name,
      task: 'annotate',
      reviewsPerItem: REVIEWS_PER_ITEM,
      blind: false,
      memberIds: reviewers.map((r) => r.id),
      itemIds: world.itemIds
    })
  });
  if (created.status !== 201)
    throw new Error(`POST /api/queues answered ${created.status}: ${await created.text()}`);
  return ((await created.json()) as { id: string }).id;
}

/**
 * Warm-up of the claim path, once per server, on a queue of its own: every reviewer at once presses
 * Next and submits what they got. Why: the anchor's path is warmed before it is measured (its token
 * lookups), the claim's was not, so the first claims paid for what a long-running server pays once:
 * the route's modules loaded and compiled, and on PostgreSQL each pooled connection's first claim
 * and submit (its statements prepared, the tables and triggers they touch read into the backend's
 * caches: 100–120 ms each at 10 at once, against 10–30 ms for a later claim). With 10 reviewers those
 * first claims were the p95 of an 80-claim sample.
 */
async function warmUp(athar: Instance, world: World): Promise<void> {
  const queueId = await createQueue(athar, world, 'Bench warm-up', world.reviewers);
  await Promise.all(
    world.reviewers.map(async (r) => {
      const got = await timed(`${athar.url}/api/queues/${queueId}/next`, r.token, 'POST');
      expectStatus('warm-up POST /api/queues/:id/next', got, 200);
      const { assignment } = JSON.parse(got.body) as { assignment: { id: string } };
      const submitted = await timed(`${athar.url}/api/assignments/${assignment.id}/submit`, r.token, 'POST');
      expectStatus('warm-up POST /api/assignments/:id/submit', submitted, 200);
    })
  );
}

/**
 * What a reviewer's loop measured: anchors asked before each Next, claims (200), 204s, submits,
 * assignment ids.
 */
type Samples = {
  during: number[];
  claims: number[];
  empties: number[];
  submits: number[];
  handedOut: string[];
};

const newSamples = (): Samples => ({ during: [], claims: [], empties: [], submits: [], handedOut: [] });

/**
 * One reviewer's work until the queue has nothing left for them: GET /api/me (the anchor), then
 * Next, then submit what it handed out; the Next and anchor latencies go into `samples`.
 */
async function workThrough(base: string, reviewer: Person, queueId: string, samples: Samples): Promise<void> {
  for (;;) {
    const me = await timed(`${base}/api/me`, reviewer.token, 'GET');
    expectStatus('GET /api/me', me, 200);
    samples.during.push(me.ms);
    const got = await timed(`${base}/api/queues/${queueId}/next`, reviewer.token, 'POST');
    expectStatus('POST /api/queues/:id/next', got, 200, 204);
    if (got.status === 204) {
      samples.empties.push(got.ms);
      return;
    }
    samples.claims.push(got.ms);
    const { assignment } = JSON.parse(got.body) as { assignment: { id: string } };
    samples.handedOut.push(assignment.id);
    const submitted = await timed(`${base}/api/assignments/${assignment.id}/submit`, reviewer.token, 'POST');
    expectStatus('POST /api/assignments/:id/submit', submitted, 200);
    samples.submits.push(submitted.ms);
  }
}

/**
 * One reviewer alone, one request at a time: GET /api/me, then Next (then submit), until the queue
 * is done. Nothing waits behind anything else, so the ratio is what a claim itself costs over the
 * anchor (on PostgreSQL: one round trip more, the claim statement, beside the token lookup both
 * make); the scenarios under load add the waiting, in which every round trip waits its turn again.
 */
async function oneAtATime(athar: Instance, dialect: TestDialect, world: World): Promise<void> {
  const queueId = await createQueue(athar, world, 'Bench queue, one at a time', [world.reviewers[0]!]);
  const samples = newSamples();
  await workThrough(athar.url, world.reviewers[0]!, queueId, samples);
  const { claims, during: anchors } = samples;
  const at = (p: number) =>
    `p${p} ${percentile(claims, p).toFixed(2)} / ${percentile(anchors, p).toFixed(2)} ms = ` +
    `${(percentile(claims, p) / percentile(anchors, p)).toFixed(2)}×`;
  console.log(
    `[${dialect}, one reviewer, one request at a time] claim / anchor GET /api/me: ${at(50)}, ${at(95)} ` +
      `(${claims.length} claims; the claim's own cost, without waiting behind others)`
  );
}

async function scenario(
  athar: Instance,
  dialect: TestDialect,
  world: World,
  plan: Scenario
): Promise<boolean> {
  const reviewers = world.reviewers.slice(0, plan.reviewers);
  const queueId = await createQueue(athar, world, `Bench queue ${plan.label}`, reviewers);
  if (plan.late) await pushToTheEnd(athar, queueId, world.itemIds[0]!, REVIEWS_PER_ITEM);
  const tag = `[${dialect}, ${plan.label}]`;

  // Warm-up of the anchor: tokens looked up once (the claim path was warmed by `warmUp`).
  await anchor(athar.url, reviewers, 2);
  const before = await anchor(athar.url, reviewers, ANCHOR_ROUNDS);

  const samples = newSamples();
  const started = performance.now();
  await Promise.all(reviewers.map((r) => workThrough(athar.url, r, queueId, samples)));
  const seconds = (performance.now() - started) / 1000;
  const { claims, empties, during, submits, handedOut } = samples;
  const everything = [...during, ...claims, ...empties, ...submits];

  const after = await anchor(athar.url, reviewers, ANCHOR_ROUNDS);
  const alone = [...before, ...after];

  // The database's word, not the answers': live assignments sharing a slot, a reviewer holding
  // an item twice, and real items without exactly REVIEWS_PER_ITEM submitted reviews.
  const [slotTwice] = await query<{ n: unknown }>(
    athar,
    `select count(*) as n from (select item_id, slot from assignments where queue_id = ?
       and status in ('active', 'submitted') group by item_id, slot having count(*) > 1) t`,
    [queueId]
  );
  const [itemTwice] = await query<{ n: unknown }>(
    athar,
    `select count(*) as n from (select item_id, user_id from assignments where queue_id = ?
       group by item_id, user_id having count(*) > 1) t`,
    [queueId]
  );
  const [incomplete] = await query<{ n: unknown }>(
    athar,
    `select count(*) as n from queue_items qi where qi.queue_id = ? and qi.item_id not like 'filler-%'
       and (select count(*) from assignments a
       where a.queue_id = qi.queue_id and a.item_id = qi.item_id and a.status = 'submitted') <> ?`,
    [queueId, REVIEWS_PER_ITEM]
  );
  const doubles = Number(slotTwice!.n) + Number(itemTwice!.n) + (handedOut.length - new Set(handedOut).size);

  const claimP95 = percentile(claims, 95);
  const anchorP95 = percentile(during, 95);
  const aloneP95 = percentile(alone, 95);
  console.log(
    `${tag} claim (Next → 200) p50 ${percentile(claims, 50).toFixed(1)} ms, p95 ${claimP95.toFixed(1)} ms ` +
      `(${claims.length} claims; ${empties.length} × 204 p50 ${percentile(empties, 50).toFixed(1)} ms)`
  );
  console.log(
    `${tag} anchor GET /api/me p50 ${percentile(during, 50).toFixed(1)} ms, p95 ${anchorP95.toFixed(1)} ms ` +
      `(${during.length} requests, ${plan.reviewers} reviewers at once, each before each Next)`
  );
  console.log(
    `${tag} anchor alone p50 ${percentile(alone, 50).toFixed(1)} ms, p95 ${aloneP95.toFixed(1)} ms ` +
      `(${alone.length} requests, ${plan.reviewers} at once, before and after the claims)`
  );
  console.log(
    `${tag} ratio claim p95 / anchor p95: ${(claimP95 / anchorP95).toFixed(2)}× ` +
      `(against the anchor alone: ${(claimP95 / aloneP95).toFixed(2)}×)`
  );
  // Every answer the reviewers waited for, whatever its kind, and how many the instance gave per
  // second: a change that only moves waiting from the anchor to the claims (giving a request that
  // has begun the next free database connection did: bench/RESULTS.md) shows here as no gain.
  const mean = everything.reduce((a, b) => a + b, 0) / everything.length;
  console.log(
    `${tag} every request of the loop (me, Next, submit): mean ${mean.toFixed(1)} ms, ` +
      `p95 ${percentile(everything, 95).toFixed(1)} ms; submit p50 ${percentile(submits, 50).toFixed(1)} ms, ` +
      `p95 ${percentile(submits, 95).toFixed(1)} ms; ${(everything.length / seconds).toFixed(0)} requests/s`
  );
  console.log(
    `${tag} double claims: ${doubles} (slot held twice ${Number(slotTwice!.n)}, reviewer on an item twice ` +
      `${Number(itemTwice!.n)}); items without exactly ${REVIEWS_PER_ITEM} reviews: ${Number(incomplete!.n)}; ${loadNote()}`
  );
  const ok = doubles === 0 && Number(incomplete!.n) === 0 && claims.length === ITEMS * REVIEWS_PER_ITEM;
  if (!ok) console.error(`${tag} FAILED: every slot must be handed out exactly once`);
  return ok;
}

async function bench(dialect: TestDialect): Promise<boolean> {
  const athar = await startInstance(dialect);
  try {
    const world = await createQueueWorld(athar, { items: ITEMS, reviewers: MANY_REVIEWERS });
    await warmUp(athar, world);
    await oneAtATime(athar, dialect, world);
    const plans: Scenario[] = [
      { label: `${REVIEWERS} reviewers`, reviewers: REVIEWERS, late: false },
      { label: `${MANY_REVIEWERS} reviewers`, reviewers: MANY_REVIEWERS, late: false },
      {
        label: `${REVIEWERS} reviewers, last ${ITEMS} of ${LATE_QUEUE} items`,
        reviewers: REVIEWERS,
        late: true
      }
    ];
    let ok = true;
    for (const plan of plans) {
      // A scenario that breaks (a dropped connection under overload) is reported; the others still run.
      const passed = await scenario(athar, dialect, world, plan).catch((err: Error) => {
        const serverSaid = athar.output().trim().split('\n').slice(-3).join(' | ');
        console.log(
          `[${dialect}, ${plan.label}] FAILED: ${err.message} (${String(err.cause ?? '')}); server: ${serverSaid}`
        );
        return false;
      });
      if (!passed) ok = false;
    }
    return ok;
  } finally {
    await athar.destroy();
  }
}

requireBuild('queue-claims', ROOT);
const dialects = DIALECTS.filter((d) => !ONLY || d === ONLY);
console.log(
  `queue-claims: ${REVIEWERS} and ${MANY_REVIEWERS} reviewers at once on ${ITEMS} items × ${REVIEWS_PER_ITEM} reviews, ` +
    `and ${REVIEWERS} on the last ${ITEMS} of ${LATE_QUEUE} items` +
    `${QUICK ? ' (--quick: fewer than the full run)' : ''}; ` +
    `dialects: ${dialects.join(', ')}${DIALECTS.includes('postgres') ? '' : ' (PostgreSQL not reachable)'}`
);
let failed = false;
for (const dialect of dialects) if (!(await bench(dialect))) failed = true;
if (failed) process.exit(1);
