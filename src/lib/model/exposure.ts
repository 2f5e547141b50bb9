/**
 * The exposure ledger's shapes, shared by the server (`$lib/server/wellbeing/exposure.ts`, which owns
 * the rules) and the browser (the heartbeat and indicator of the viewer and the body page).
 */

/** The most one heartbeat credits (the viewer reports every 30 s, or on leaving the page). */
export const BEAT_MAX_SECONDS = 60;

/** What a heartbeat is about: an item in the viewer, or a body's photos on the body page. */
export type ExposureSubject = { kind: 'item' | 'body'; id: string };

/** The heartbeat's JSON (`POST /api/me/exposure`): exactly one of `itemId` and `bodyId`. */
export function beatBody(subject: ExposureSubject, seconds: number) {
  return subject.kind === 'item' ? { itemId: subject.id, seconds } : { bodyId: subject.id, seconds };
}

export type ExposureSettings = { ownLimit: number; coordinatorLimit: number | null; consent: boolean };

export type ExposureDay = { day: string; minutes: number; items: number; breaks: number };
export type MyExposure = {
  today: ExposureDay;
  week: { minutes: number; items: number };
  days: ExposureDay[];
  limitMinutes: number;
  settings: ExposureSettings;
  /** Today's minutes reached the limit. */
  reached: boolean;
  /** A break prompt is due: the limit, plus REPROMPT_MINUTES for each prompt dismissed today. */
  breakDue: boolean;
};
