/**
 * Personal API tokens: `athar_` + 160 random bits, shown once; only the SHA-256 is stored.
 * A token acts as its user with that user's current role; revoked tokens and disabled users are refused.
 */
import type { Db } from '../db/connect.ts';
import type { UserRow } from '../db/schema.ts';
import { audit } from '../audit/log.ts';
import { newId, randomToken, sha256Hex } from '../ids.ts';
import type { Actor } from '../users/manage.ts';

const PREFIX = 'athar_';
const TOKEN_SHAPE = /^athar_[a-z2-7]{32}$/;
export const TOKEN_LABEL_MAX = 100;

export type ApiTokenInfo = {
  id: string;
  label: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
};

async function createApiToken(
  db: Db,
  userId: string,
  label: string
): Promise<{ token: string; info: ApiTokenInfo }> {
  const token = PREFIX + randomToken(20);
  const info: ApiTokenInfo = { id: newId(), label, createdAt: Date.now(), lastUsedAt: null, revokedAt: null };
  await db
    .insertInto('api_tokens')
    .values({
      id: info.id,
      user_id: userId,
      label,
      token_hash: sha256Hex(token),
      created_at: info.createdAt,
      last_used_at: null,
      revoked_at: null
    })
    .execute();
  return { token, info };
}

/** A new token for `userId`, with its audit row: the one way a token is made (account page, API, CLI). */
export async function issueApiToken(
  db: Db,
  actor: Actor,
  userId: string,
  label: string
): Promise<{ token: string; info: ApiTokenInfo }> {
  const created = await createApiToken(db, userId, label);
  await audit(db, {
    actorId: actor.id,
    action: 'token.create',
    target: created.info.id,
    details: { label, userId },
    ip: actor.ip
  });
  return created;
}

export async function validateApiToken(db: Db, token: string): Promise<UserRow | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('users')
    .select(['api_tokens.id as token_id', 'api_tokens.last_used_at as token_last_used_at'])
    .where('api_tokens.token_hash', '=', sha256Hex(token))
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || row.disabled_at !== null) return null;
  const { token_id, token_last_used_at, ...user } = row;
  const now = Date.now();
  // Record use at minute granularity: one write per token per minute, not per request.
  if (token_last_used_at === null || now - Number(token_last_used_at) > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', token_id).execute();
  }
  return user;
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiTokenInfo[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'label', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    createdAt: Number(r.created_at),
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at)
  }));
}

/** Revokes one of the user's own tokens, audited; false when there is no such live token. */
export async function revokeApiToken(
  db: Db,
  actor: Actor & { id: string },
  tokenId: string
): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: Date.now() })
    .where('id', '=', tokenId)
    .where('user_id', '=', actor.id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await audit(db, { actorId: actor.id, action: 'token.revoke', target: tokenId, ip: actor.ip });
  return true;
}
