/**
 * The exposure ledger's shapes, shared by the server (`$lib/server/wellbeing/exposure.ts`, which owns
 * the rules) and the browser (the viewer's heartbeat and indicator).
 */

/** The most one heartbeat credits (the viewer reports every 30 s, or on leaving the page). */
export const BEAT_MAX_SECONDS = 60;

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
