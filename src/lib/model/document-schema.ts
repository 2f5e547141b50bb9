/**
 * The Yjs document schema: a contract between the browser, the server's projection and socket
 * validator, imports and tests. Every read and write of a room's document goes through the modules
 * re-exported here (`./document/`); the selector codec is `./selector.ts`, the finding rules
 * `./finding-rules.ts`. Version 1:
 *
 *   doc.getMap('annotations')   annotationId → Y.Map {
 *       target: W3C selector JSON (FragmentSelector "xywh=pixel:x,y,w,h" | SvgSelector polygon),
 *       finding: Y.Map of FINDING_FIELDS (field-level maps: two experts can edit two fields at once),
 *       createdBy, createdAt, updatedBy, updatedAt,
 *       sources?: JSON string [{ assignmentId, annotationId }] — on the shared layer, the blind
 *                 reviews an adjudicated finding came from }
 *   doc.getMap('adjudication')  group key ("<assignmentId>:<annotationId>+…", sorted) →
 *       { decision: 'accepted' | 'merged' | 'rejected', annotationId, from, by, at, reason? }
 *       (reason required for merged and rejected)
 *   doc.getXmlFragment('transcription')   blocks and marks of transcription-schema.ts
 *   doc.getMap('fields')        PAGE_FIELDS: strings; namesMentioned a Y.Array of strings
 *
 * Version 2 (next) makes free-text finding fields Y.Text and deletion a tombstone: readers and
 * writers change here, callers keep their calls.
 */
export * from './document/roots.ts';
export * from './document/annotations.ts';
export * from './document/annotation-writes.ts';
export * from './document/adjudication.ts';
export type { Selector } from './selector.ts';
