/** One-time account links (accounts/links.ts): invitations and password resets. Times are epoch milliseconds. */
export type AccountLinksTable = {
  id: string;
  /** SHA-256 (hex) of the link's token; the token itself is never stored. */
  token_hash: string;
  purpose: 'invite' | 'reset';
  /** The invitee's e-mail, or the e-mail of the user a reset is for (as it was when issued). */
  email: string;
  user_id: string | null;
  role: string | null;
  expert: number;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
};
