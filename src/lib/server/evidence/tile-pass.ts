/**
 * The tile pass: Athar's access decision for one browser session and one item, signed so that
 * nginx can check it alone (its `secure_link` module, deploy/nginx.conf) and send the tile without
 * asking Athar again. Minted only when TILE_PASS_SECRET is set, with an item's info.json (which a
 * viewer reads before any tile) and with the answer to GET /iiif/<item>/access, which nginx hands on
 * to the browser with the tile it asked for.
 *
 * Cookie `athar_tile_pass=<expires>.<hash>`, Path=/iiif/<item>/ (sent with that item's tiles only),
 * where hash = base64url(MD5("<expires> <item> <session cookie> <secret>")) — the very string
 * deploy/nginx.conf's `secure_link_md5` builds; change one, change both.
 *
 * Security invariants:
 * - The pass is bound to the session cookie it was minted for: without that cookie it is worth
 *   nothing, and signing out (or any new session) leaves it behind.
 * - It expires PASS_TTL_S after the decision it carries was made, so a disabled user or a removed
 *   member loses tile access through nginx as soon as without it (nginx's own kept decisions and
 *   Athar's last the same 5 + 5 s).
 * - Only a decision made on the session cookie alone mints one: a request that also carries a bearer
 *   token was decided for the token, not for the cookie.
 * - The secret is long and random, and nginx must hold the same (README, Deployment): whoever knows
 *   it can sign passes to every item for their own session.
 */
import { createHash } from 'node:crypto';

export const TILE_PASS_COOKIE = 'athar_tile_pass';
export const PASS_TTL_S = 10;

/** The Set-Cookie value carrying a pass, for the item, the session and a decision made at `decidedAt` (ms). */
export function tilePassCookie(
  secret: string,
  itemId: string,
  sessionToken: string,
  decidedAt: number,
  secure: boolean
): string {
  const expires = Math.floor(decidedAt / 1000) + PASS_TTL_S;
  const hash = createHash('md5').update(`${expires} ${itemId} ${sessionToken} ${secret}`).digest('base64url');
  const maxAge = Math.max(0, expires - Math.floor(Date.now() / 1000));
  return (
    `${TILE_PASS_COOKIE}=${expires}.${hash}; Path=/iiif/${itemId}/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict` +
    (secure ? '; Secure' : '')
  );
}
