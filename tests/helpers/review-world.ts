/**
 * The world the review-queue specs share: a collection of small generated JPEGs (one item each),
 * one item in another collection, and people with bearer tokens: an admin, a coordinator, a
 * forensic expert, an observer (all members), a reviewer outside the collection, and as many
 * member reviewers as a spec needs. Plus thin clients for the queue API and readers of the
 * assignment rows the claims must keep consistent.
 */
import { expect } from 'vitest';
import type { Instance } from './athar.ts';
import { collectionIdOf, query } from './db.ts';
import { call, post } from './http.ts';
import { addMember, addPerson, ingestPhotos, type Person } from './world.ts';

export type { Person };
export const COLLECTION = 'Case 12';
export const OTHER_COLLECTION = 'Case 13';

export type ReviewWorld = {
  collectionId: string;
  /** Ready items of COLLECTION, in the order they were ingested (the queue's order). */
  items: string[];
  otherCollectionId: string;
  /** A ready item of OTHER_COLLECTION. */
  foreignItem: string;
  admin: Person;
  coordinator: Person;
  /** A reviewer with the forensic-expert flag, a member of the collection but of no queue. */
  expert: Person;
  observer: Person;
  /** A reviewer who is not a member of COLLECTION. */
  outsider: Person;
  /** Member reviewers. */
  reviewers: Person[];
};

export async function createReviewWorld(
  athar: Instance,
  /** `experts`: the member reviewers have the forensic-expert flag (they may give the consistency opinion). */
  options: { items: number; reviewers: number; experts?: boolean }
): Promise<ReviewWorld> {
  const items = await ingestPhotos(athar, COLLECTION, options.items);
  const [foreignItem] = await ingestPhotos(athar, OTHER_COLLECTION, 1, 1000);
  const world: ReviewWorld = {
    collectionId: await collectionIdOf(athar, COLLECTION),
    items,
    otherCollectionId: await collectionIdOf(athar, OTHER_COLLECTION),
    foreignItem: foreignItem!,
    admin: await addPerson(athar, 'admin@example.org', 'admin'),
    coordinator: await addPerson(athar, 'coordinator@example.org', 'coordinator'),
    expert: await addPerson(athar, 'expert@example.org', 'reviewer', true),
    observer: await addPerson(athar, 'observer@example.org', 'observer'),
    outsider: await addPerson(athar, 'outsider@example.org', 'reviewer'),
    reviewers: []
  };
  for (let i = 0; i < options.reviewers; i++)
    world.reviewers.push(
      await addPerson(athar, `reviewer${i + 1}@example.org`, 'reviewer', options.experts ?? false)
    );
  for (const member of [world.coordinator, world.expert, world.observer, ...world.reviewers])
    await addMember(athar, COLLECTION, member.email);
  return world;
}

export type QueueBody = {
  collectionId: string;
  name: string;
  task: string;
  reviewsPerItem: number;
  blind: boolean;
  forbidSelfAdjudication?: boolean;
  sharedFindingsConfirmed?: boolean;
  memberIds: string[];
  itemIds?: string[];
};

/** `POST /api/queues` as `token`, which must answer 201; returns the queue's id. */
export async function createQueue(athar: Instance, token: string, body: QueueBody): Promise<string> {
  const res = await call(athar, token, '/api/queues', body);
  expect(res.status, await res.clone().text()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  expect(id).toMatch(/^[a-z2-7]{24}$/);
  return id;
}

/**
 * A queue that wants photos of severity ≥ 2 seen together, holding `itemId` labelled severity 3 and
 * handed to `reviewer` (who must be a member of the collection): the reviewer is then bound by the
 * co-viewing rule on that item and on any body it belongs to. Returns the queue's id.
 */
export async function queueWantingCoview(
  athar: Instance,
  world: ReviewWorld,
  reviewer: Person,
  itemId: string
): Promise<string> {
  const queue = await createQueue(athar, world.coordinator.token, {
    collectionId: world.collectionId,
    name: 'Graphic',
    task: 'annotate',
    reviewsPerItem: 1,
    blind: false,
    memberIds: [reviewer.id],
    itemIds: [itemId]
  });
  const token = world.coordinator.token;
  const rule = await call(athar, token, `/api/queues/${queue}`, { coviewFromSeverity: 2 }, 'PATCH');
  expect(rule.status).toBe(200);
  expect((await next(athar, reviewer.token, queue))?.itemId).toBe(itemId);
  const labelled = await call(athar, token, `/api/items/${itemId}/labels`, { severity: 3, tags: [] }, 'PUT');
  expect(labelled.status).toBe(200);
  return queue;
}

export type Assignment = { id: string; itemId: string; slot: number; leaseExpiresAt: number; room: string };

/** `POST /api/queues/:id/next`: the assignment handed out, or null on 204 (anything else fails). */
export async function next(athar: Instance, token: string, queueId: string): Promise<Assignment | null> {
  const res = await post(athar, token, `/api/queues/${queueId}/next`);
  if (res.status === 204) return null;
  expect(res.status, await res.clone().text()).toBe(200);
  const { assignment } = (await res.json()) as { assignment: Assignment };
  return assignment;
}

/** `POST /api/assignments/:id/<action>`, with `{ reason }` when given. */
export function act(
  athar: Instance,
  token: string,
  assignmentId: string,
  action: 'submit' | 'skip' | 'flag' | 'release' | 'renew',
  reason?: string
): Promise<Response> {
  const pathname = `/api/assignments/${assignmentId}/${action}`;
  return reason === undefined ? post(athar, token, pathname) : call(athar, token, pathname, { reason });
}

export type AssignmentRow = {
  id: string;
  item_id: string;
  user_id: string;
  slot: number;
  status: string;
  reason: string | null;
  lease_expires_at: number;
};

/** Assignment rows straight from the database. */
async function assignmentRows(athar: Instance, where: string, param: string): Promise<AssignmentRow[]> {
  const rows = await query<AssignmentRow>(
    athar,
    `select id, item_id, user_id, slot, status, reason, lease_expires_at from assignments where ${where}`,
    [param]
  );
  return rows.map((r) => ({ ...r, slot: Number(r.slot), lease_expires_at: Number(r.lease_expires_at) }));
}

/** Every assignment of the queue. */
export function assignmentsOf(athar: Instance, queueId: string): Promise<AssignmentRow[]> {
  return assignmentRows(athar, 'queue_id = ? order by claimed_at, id', queueId);
}

export async function assignmentRow(athar: Instance, assignmentId: string): Promise<AssignmentRow> {
  const [row] = await assignmentRows(athar, 'id = ?', assignmentId);
  if (!row) throw new Error(`no assignment ${assignmentId}`);
  return row;
}

/** Live (active or submitted) assignments, the ones that hold a review slot. */
export const isLive = (r: AssignmentRow) => r.status === 'active' || r.status === 'submitted';

/** Keys that occur more than once. */
export function duplicates(keys: string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const k of keys) (seen.has(k) ? twice : seen).add(k);
  return [...twice];
}
