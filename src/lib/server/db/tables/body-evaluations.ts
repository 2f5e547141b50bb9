/** The overall evaluation of a body, projected from its room (derived: rebuilt from the log). */
export type BodyEvaluationsTable = {
  body_id: string;
  opinion: string | null;
  starvation: string | null;
  cause_of_death: string;
  cause_consistent: string | null;
  summary: string;
  /** 1 when every part is answered. */
  complete: number;
  updated_by: string | null;
  updated_at: number | null;
};
