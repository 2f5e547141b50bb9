/** Accounts: users, sessions, tokens, collections and their members, throttling, settings, the access epoch. Booleans are 0/1 and times epoch milliseconds on both dialects. */
export type UsersTable = {
  id: string;
  email: string;
  name: string;
  role: string;
  expert: number;
  password_hash: string;
  totp_key: string | null;
  /** The last TOTP time step accepted (replay guard). */
  totp_last_step: number | null;
  disabled_at: number | null;
  created_at: number;
  /** The chosen interface language; NULL: the browser's (Accept-Language), else English. */
  locale: string | null;
};

export type SessionsTable = {
  id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  two_factor_verified: number;
};

export type ApiTokensTable = {
  id: string;
  user_id: string;
  label: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
};

export type CollectionsTable = {
  id: string;
  name: string;
  created_at: number;
};

export type CollectionMembersTable = {
  collection_id: string;
  user_id: string;
  added_at: number;
};

export type ThrottleTable = {
  key: string;
  failures: number;
  window_start: number;
  locked_until: number;
};

export type SettingsTable = {
  key: string;
  value: string;
};

export type UserPreferencesTable = {
  user_id: string;
  value: string;
};

/** One row (id 1): moved forward by triggers on every change that can take access away. */
export type AccessEpochTable = {
  id: number;
  n: number;
};
