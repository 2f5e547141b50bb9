/**
 * Claiming review work under load: REVIEWERS reviewers at once press Next (then submit what they
 * got) on one queue of ITEMS items with two reviews per item, until each is told there is nothing
 * left (204). Reports the latency of the Next answers that handed out work (p50/p95), and checks in
 * the database that no review slot was handed out twice (double claims must be 0).
 *
 * The anchor, measured in the same run against the same server under the same REVIEWERS-way
 * concurrency: GET /api/me (authenticate the token, answer the user), once before and once after
 * the claims, pooled. The ratio claim p95 / anchor p95 says what a claim (a write transaction with
 * its locks and retries) costs over the cheapest authenticated request.
 *
 * On SQLite and on PostgreSQL when it is reachable (tests/helpers/dialects.ts).
 * Usage: node bench/queue-claims.ts [--quick]   (needs a build: `npx vite build`)
 */
import { performance } from 'node:perf_hooks';
import { ROOT, startInstance } from '../tests/helpers/athar.ts';
import { DIALECTS, type TestDialect } from '../tests/helpers/dialects.ts';
import { createQueueWorld, percentile, query, type Person } from './lib/queue-world.ts';
import { QUICK, loadNote, requireBuild } from './lib/support.ts';

const ITEMS = QUICK ? 40 : 200;
const REVIEWERS = QUICK ? 10 : 50;
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

async function bench(dialect: TestDialect): Promise<boolean> {
  const athar = await startInstance(dialect);
  try {
    const world = await createQueueWorld(athar, { items: ITEMS, reviewers: REVIEWERS });
    const created = await fetch(`${athar.url}/api/queues`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.coordinator.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        collectionId: world.collectionId,
        name: 'Bench queue',
        task: 'annotate',
        reviewsPerItem: REVIEWS_PER_ITEM,
        blind: false,
        memberIds: world.reviewers.map((r) => r.id),
        itemIds: world.itemIds
      })
    });
    if (created.status !== 201)
      throw new Error(`POST /api/queues answered ${created.status}: ${await created.text()}`);
    const queueId = ((await created.json()) as { id: string }).id;

    // Warm-up: connections opened, code paths compiled, tokens looked up once.
    await anchor(athar.url, world.reviewers, 2);
    const before = await anchor(athar.url, world.reviewers, ANCHOR_ROUNDS);

    const claims: number[] = [];
    const empties: number[] = [];
    const handedOut: string[] = [];
    await Promise.all(
      world.reviewers.map(async (r) => {
        for (;;) {
          const got = await timed(`${athar.url}/api/queues/${queueId}/next`, r.token, 'POST');
          expectStatus('POST /api/queues/:id/next', got, 200, 204);
          if (got.status === 204) {
            empties.push(got.ms);
            return;
          }
          claims.push(got.ms);
          const { assignment } = JSON.parse(got.body) as { assignment: { id: string } };
          handedOut.push(assignment.id);
          const submitted = await timed(
            `${athar.url}/api/assignments/${assignment.id}/submit`,
            r.token,
            'POST'
          );
          expectStatus('POST /api/assignments/:id/submit', submitted, 200);
        }
      })
    );

    const after = await anchor(athar.url, world.reviewers, ANCHOR_ROUNDS);
    const anchorSample = [...before, ...after];

    // The database's word, not the answers': live assignments sharing a slot, a reviewer holding
    // an item twice, and items without exactly REVIEWS_PER_ITEM submitted reviews.
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
      `select count(*) as n from queue_items qi where qi.queue_id = ? and (select count(*) from assignments a
         where a.queue_id = qi.queue_id and a.item_id = qi.item_id and a.status = 'submitted') <> ?`,
      [queueId, REVIEWS_PER_ITEM]
    );
    const doubles =
      Number(slotTwice!.n) + Number(itemTwice!.n) + (handedOut.length - new Set(handedOut).size);

    const claimP95 = percentile(claims, 95);
    const anchorP95 = percentile(anchorSample, 95);
    console.log(
      `[${dialect}] claim (Next → 200) p50 ${percentile(claims, 50).toFixed(1)} ms, p95 ${claimP95.toFixed(1)} ms ` +
        `(${claims.length} claims; ${empties.length} × 204 p50 ${percentile(empties, 50).toFixed(1)} ms)`
    );
    console.log(
      `[${dialect}] anchor GET /api/me p50 ${percentile(anchorSample, 50).toFixed(1)} ms, p95 ${anchorP95.toFixed(1)} ms ` +
        `(${anchorSample.length} requests, ${REVIEWERS} at once, before and after the claims)`
    );
    console.log(`[${dialect}] ratio claim p95 / anchor p95: ${(claimP95 / anchorP95).toFixed(2)}×`);
    console.log(
      `[${dialect}] double claims: ${doubles} (slot held twice ${Number(slotTwice!.n)}, reviewer on an item twice ` +
        `${Number(itemTwice!.n)}); items without exactly ${REVIEWS_PER_ITEM} reviews: ${Number(incomplete!.n)}; ${loadNote()}`
    );
    const ok = doubles === 0 && Number(incomplete!.n) === 0 && claims.length === ITEMS * REVIEWS_PER_ITEM;
    if (!ok) console.error(`[${dialect}] FAILED: every slot must be handed out exactly once`);
    return ok;
  } finally {
    await athar.destroy();
  }
}

requireBuild('queue-claims', ROOT);
console.log(
  `queue-claims: ${REVIEWERS} reviewers at once, one queue of ${ITEMS} items × ${REVIEWS_PER_ITEM} reviews` +
    `${QUICK ? ' (--quick: fewer items and reviewers than the full run of 200 × 50)' : ''}; ` +
    `dialects: ${DIALECTS.join(', ')}${DIALECTS.includes('postgres') ? '' : ' (PostgreSQL not reachable)'}`
);
let failed = false;
for (const dialect of DIALECTS) if (!(await bench(dialect))) failed = true;
if (failed) process.exit(1);
