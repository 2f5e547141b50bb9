/**
 * The `adjudication` root of an item's shared layer: group key → decision. A group is the review
 * findings matched across blind reviews; its key joins its members' `assignmentId:annotationId`,
 * sorted, with `+`, so that every adjudicator's page names a group the same way.
 *
 * A decision writes, in one transaction: for accept / merge, the adjudicated annotation (its id is
 * the group's first member's annotation id, so two adjudicators accepting one group at once write
 * the same key and end with one annotation) with `sources`; for every decision, the entry
 * `{ decision, annotationId, from, by, at, reason }`, so that a rejection is shared and kept too.
 * A merge and a rejection must say why (`decisionReasonError`, which the socket validator applies
 * too); decisions stored before reasons existed are read without one.
 */
import type * as Y from 'yjs';
import type { Finding } from '../injury.ts';
import type { Selector } from '../selector.ts';
import { discardAnnotation, writeAnnotation } from './annotation-writes.ts';
import type { Source } from './annotations.ts';
import { ADJUDICATION, DECISION_KINDS, LIMITS, REASONED_DECISIONS, isTimestamp } from './roots.ts';

export type Member = Source;
export type Group = { key: string; members: Member[] };
export type DecisionKind = (typeof DECISION_KINDS)[number];
export type Decision = {
  decision: DecisionKind;
  annotationId: string | null;
  /** For an acceptance: the review whose finding was taken. */
  from: string | null;
  by: string;
  at: number;
  /** Why: required for a merge and a rejection. */
  reason?: string;
};

export const memberKey = (m: Member) => `${m.assignmentId}:${m.annotationId}`;
export const groupKey = (members: Member[]) => members.map(memberKey).sort().join('+');

export function adjudicationOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ADJUDICATION);
}

export function isDecision(value: unknown): value is Decision {
  const d = value as Decision | null;
  return (
    !!d &&
    typeof d === 'object' &&
    (DECISION_KINDS as readonly string[]).includes(d.decision) &&
    typeof d.by === 'string' &&
    isTimestamp(d.at) &&
    (d.reason === undefined || typeof d.reason === 'string')
  );
}

/** Why this decision's reason is refused, or null: merges and rejections say why, briefly. */
export function decisionReasonError(decision: unknown, reason: unknown): string | null {
  if (reason !== undefined && typeof reason !== 'string') return 'the reason must be text';
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length > LIMITS.reasonLength) return `the reason is longer than ${LIMITS.reasonLength} characters`;
  if (REASONED_DECISIONS.includes(decision as string) && text === '')
    return `a ${String(decision)} decision needs a reason`;
  return null;
}

export function readDecisions(doc: Y.Doc): Record<string, Decision> {
  const out: Record<string, Decision> = {};
  adjudicationOf(doc).forEach((value, key) => {
    if (isDecision(value)) out[key] = value;
  });
  return out;
}

/** Records a decision by `userId`; `annotation` is what accept / merge puts on the shared layer. */
export function writeDecision(
  doc: Y.Doc,
  group: Group,
  decision: DecisionKind,
  annotation: { target: Selector; finding: Finding } | null,
  by: { userId: string; from?: string | null; origin?: unknown; reason?: string }
): boolean {
  const first = group.members[0];
  if (!first || decisionReasonError(decision, by.reason)) return false;
  const id = first.annotationId;
  const now = Date.now();
  doc.transact(() => {
    if (annotation) {
      writeAnnotation(doc, {
        id,
        ...annotation,
        createdBy: by.userId,
        createdAt: now,
        updatedBy: by.userId,
        updatedAt: now,
        sources: group.members.map((m) => ({ ...m }))
      });
    } else {
      discardAnnotation(doc, id);
    }
    const entry: Decision = {
      decision,
      annotationId: annotation ? id : null,
      from: by.from ?? null,
      by: by.userId,
      at: now,
      ...(by.reason?.trim() && { reason: by.reason.trim() })
    };
    adjudicationOf(doc).set(group.key, entry);
  }, by.origin);
  return true;
}

/** Takes a decision back: its annotation leaves the shared layer. */
export function clearDecision(doc: Y.Doc, groupKeyValue: string, origin?: unknown): void {
  doc.transact(() => {
    const previous = adjudicationOf(doc).get(groupKeyValue);
    if (isDecision(previous) && previous.annotationId) discardAnnotation(doc, previous.annotationId);
    adjudicationOf(doc).delete(groupKeyValue);
  }, origin);
}
