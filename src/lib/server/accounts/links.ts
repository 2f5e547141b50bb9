/**
 * One-time account links: invitations and administrators' password-reset links.
 *
 * Invariants:
 * - The link carries a random 160-bit token; the database holds only its SHA-256, as for sessions,
 *   so a database leak yields no usable link. Tokens of the wrong shape never reach the database.
 * - A link works until `expires_at` and at most once: `consumeLink` claims it with one conditional
 *   UPDATE (`used_at` still null, not expired) inside the caller's transaction. Of two simultaneous
 *   submissions only one UPDATE matches the row (SQLite serialises writers; PostgreSQL re-checks
 *   the condition after the first one's row lock is released), so one link makes one account.
 * - A new link for the same e-mail and purpose ends the older ones: only the latest link works.
 */
import type { Transaction } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { AccountLinksTable, Database } from '../db/schema.ts';
import { newId, randomToken, sha256Hex } from '../ids.ts';

export type LinkPurpose = AccountLinksTable['purpose'];
export type AccountLink = {
  id: string;
  purpose: LinkPurpose;
  email: string;
  userId: string | null;
  role: string | null;
  expert: boolean;
  createdAt: number;
  expiresAt: number;
};

/** The path a link opens, by purpose. */
export const LINK_PATHS = { invite: '/invite/', reset: '/reset/' } as const satisfies Record<
  LinkPurpose,
  string
>;

const TOKEN_SHAPE = /^[a-z2-7]{32}$/;

export function linkUrl(origin: string, purpose: LinkPurpose, token: string): string {
  return `${origin}${LINK_PATHS[purpose]}${token}`;
}

/** A fresh link: its token (shown once) and its row. Older live links of this e-mail and purpose end. */
export async function createLink(
  db: Db,
  input: {
    purpose: LinkPurpose;
    email: string;
    userId?: string | null;
    role?: string | null;
    expert?: boolean;
    createdBy: string | null;
    ttlMs: number;
  }
): Promise<{ token: string; link: AccountLink }> {
  const now = Date.now();
  const token = randomToken(20);
  const link: AccountLink = {
    id: newId(),
    purpose: input.purpose,
    email: input.email,
    userId: input.userId ?? null,
    role: input.role ?? null,
    expert: input.expert ?? false,
    createdAt: now,
    expiresAt: now + input.ttlMs
  };
  await db
    .updateTable('account_links')
    .set({ expires_at: now })
    .where('email', '=', input.email)
    .where('purpose', '=', input.purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .execute();
  await db
    .insertInto('account_links')
    .values({
      id: link.id,
      token_hash: sha256Hex(token),
      purpose: link.purpose,
      email: link.email,
      user_id: link.userId,
      role: link.role,
      expert: link.expert ? 1 : 0,
      created_by: input.createdBy,
      created_at: link.createdAt,
      expires_at: link.expiresAt,
      used_at: null
    })
    .execute();
  return { token, link };
}

function toLink(row: {
  id: string;
  purpose: string;
  email: string;
  user_id: string | null;
  role: string | null;
  expert: number;
  created_at: number;
  expires_at: number;
}): AccountLink {
  return {
    id: row.id,
    purpose: row.purpose as LinkPurpose,
    email: row.email,
    userId: row.user_id,
    role: row.role,
    expert: Number(row.expert) === 1,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at)
  };
}

/** A link that still works (unused, unexpired, of this purpose), or null. Reading does not use it up. */
export async function findLiveLink(db: Db, purpose: LinkPurpose, token: string): Promise<AccountLink | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const row = await db
    .selectFrom('account_links')
    .selectAll()
    .where('token_hash', '=', sha256Hex(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', Date.now())
    .executeTakeFirst();
  return row ? toLink(row) : null;
}

/**
 * Claims the link for this request (see the header): the link, or null when it is unknown, expired,
 * of another purpose or already used. Call inside the transaction that does what the link allows,
 * so that a failure after the claim gives the link back.
 */
export async function consumeLink(
  trx: Transaction<Database>,
  purpose: LinkPurpose,
  token: string
): Promise<AccountLink | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const now = Date.now();
  const claimed = await trx
    .updateTable('account_links')
    .set({ used_at: now })
    .where('token_hash', '=', sha256Hex(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
  return claimed ? toLink(claimed) : null;
}

/** Live invitations, newest first (the administration page's list). */
export async function listLiveInvitations(db: Db): Promise<AccountLink[]> {
  const rows = await db
    .selectFrom('account_links')
    .selectAll()
    .where('purpose', '=', 'invite')
    .where('used_at', 'is', null)
    .where('expires_at', '>', Date.now())
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  return rows.map(toLink);
}
