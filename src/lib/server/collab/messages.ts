/**
 * The one encoder of the y-websocket framing (y-protocols sync and awareness): every message the
 * server sends is built here, and awareness payloads are decoded here.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness';
import * as sync from 'y-protocols/sync';
import type * as Y from 'yjs';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;

function message(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const syncStep1Message = (doc: Y.Doc) => message(MESSAGE_SYNC, (e) => sync.writeSyncStep1(e, doc));

export const syncStep2Message = (doc: Y.Doc, stateVector: Uint8Array) =>
  message(MESSAGE_SYNC, (e) => sync.writeSyncStep2(e, doc, stateVector));

export const updateMessage = (update: Uint8Array) =>
  message(MESSAGE_SYNC, (e) => sync.writeUpdate(e, update));

/** An awareness message from an already encoded awareness update. */
export const awarenessUpdateMessage = (update: Uint8Array) =>
  message(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, update));

export const awarenessMessage = (awareness: Awareness, clients: number[]) =>
  awarenessUpdateMessage(encodeAwarenessUpdate(awareness, clients));

export type AwarenessEntry = { id: number; clock: number; state: string };

export function decodeAwareness(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    entries.push({
      id: decoding.readVarUint(decoder),
      clock: decoding.readVarUint(decoder),
      state: decoding.readVarString(decoder)
    });
  }
  return entries;
}

export function encodeAwareness(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.id);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.state);
  }
  return encoding.toUint8Array(encoder);
}
