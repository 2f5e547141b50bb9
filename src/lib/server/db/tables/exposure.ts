/** The exposure ledger (migration 2026_12_05_070000). Days are UTC `YYYY-MM-DD`. */
export type ExposureDaysTable = {
  user_id: string;
  day: string;
  seconds: number;
  breaks: number;
  /** Epoch ms of the last credited heartbeat: what the next one may add is bounded by the time since. */
  last_at: number;
};

export type ExposureCollectionsTable = {
  collection_id: string;
  day: string;
  user_id: string;
  seconds: number;
};

export type ExposureSettingsTable = {
  user_id: string;
  /** Minutes per day the user set (0: none). */
  own_limit: number;
  /** Minutes per day a coordinator set (null: none). */
  coordinator_limit: number | null;
  /** 1: coordinators may see this user's own daily figures; 0: only aggregates. */
  consent: number;
};
