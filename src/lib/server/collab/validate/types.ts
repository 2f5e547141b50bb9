import type * as Y from 'yjs';
import type { RoomName } from '../../../model/rooms.ts';

export type UpdateSender = {
  userId: string;
  role: 'admin' | 'coordinator' | 'reviewer' | 'observer';
  expert: boolean;
  readOnly: boolean;
};

/**
 * Why an update was refused. `breach` marks what an honest client never sends (a rule broken on
 * purpose: audit it); the others are malformed frames, oversized updates or a room that lacks what
 * the update builds on.
 */
export type RefusalCode =
  | 'malformed'
  | 'too-large'
  | 'missing-dependency'
  | 'read-only'
  | 'expert-only'
  | 'forged-author'
  | 'not-allowed'
  | 'schema'
  | 'bad-value'
  | 'bad-selector'
  | 'too-deep';

export type Refusal = { ok: false; code: RefusalCode; reason: string; breach: boolean };
export type Verdict = { ok: true } | Refusal;

export type UpdateLimits = {
  /** Bytes of one update; the frame limit of the socket is the collab server's. */
  maxUpdateBytes: number;
};

export const DEFAULT_LIMITS: UpdateLimits = { maxUpdateBytes: 8 * 1024 * 1024 };

export type UpdateContext = {
  doc: Y.Doc;
  update: Uint8Array;
  room: RoomName;
  sender: UpdateSender;
  limits?: Partial<UpdateLimits>;
  /** The item's image size when the caller knows it; selectors are then checked against it. */
  image?: { width: number; height: number };
};

const BREACH: Record<RefusalCode, boolean> = {
  malformed: false,
  'too-large': true,
  'missing-dependency': false,
  'read-only': true,
  'expert-only': true,
  'forged-author': true,
  'not-allowed': true,
  schema: true,
  'bad-value': true,
  'bad-selector': true,
  'too-deep': true
};

export function refuse(code: RefusalCode, reason: string, breach = BREACH[code]): Refusal {
  return { ok: false, code, reason, breach };
}
