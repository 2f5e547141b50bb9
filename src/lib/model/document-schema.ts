/**
 * The Yjs document schema: a contract between the browser, the server's projection and socket
 * validator, imports and tests. Every read and write of a room's document goes through the modules
 * re-exported here (`./document/`); the selector codec is `./selector.ts`, the finding rules
 * `./finding-rules.ts`. Version 2 (SCHEMA_VERSION):
 *
 *   doc.getMap('annotations')   annotationId → Y.Map {
 *       target: W3C selector JSON (FragmentSelector "xywh=pixel:x,y,w,h" | SvgSelector polygon),
 *       finding: Y.Map of FINDING_FIELDS (field-level maps: two experts can edit two fields at once);
 *                the prose fields (colour, pattern, mechanism, notes) are each a Y.Text, present
 *                from creation, so two people typing into one field merge; the others plain values,
 *       createdBy, createdAt, updatedBy, updatedAt,
 *       sources?: JSON string [{ assignmentId, annotationId }] — on the shared layer, the blind
 *                 reviews an adjudicated finding came from,
 *       deletedBy?, deletedAt?, deleteReason? — a tombstone: deleting marks, never removes }
 *   doc.getMap('adjudication')  group key ("<assignmentId>:<annotationId>+…", sorted) →
 *       { decision: 'accepted' | 'merged' | 'rejected', annotationId, from, by, at, reason? }
 *       (reason required for merged and rejected)
 *   doc.getXmlFragment('transcription')   blocks and marks of transcription-schema.ts
 *   doc.getMap('fields')        PAGE_FIELDS: strings; namesMentioned a Y.Array of strings
 *
 *
 * A body room (`body/<bodyId>`) holds one root instead: `evaluation` (document/evaluation.ts).
 *
 * Version 1 held the prose fields as plain strings (last writer wins). Readers take both shapes; a
 * version 1 room is upgraded once, on load, by one update in its log (`upgradeProse`, document/prose.ts).
 */
export * from './document/roots.ts';
export * from './document/annotations.ts';
export * from './document/annotation-writes.ts';
export * from './document/tombstones.ts';
export * from './document/adjudication.ts';
export * from './document/prose.ts';
export * from './document/evaluation.ts';
export type { Selector } from './selector.ts';
