/**
 * deploy/nginx.conf in front of a real Athar (TILE_PASS_SECRET set): a browser session gets a tile
 * pass with its first tile, and nginx then sends that item's tiles alone, from its tile store, with
 * the headers Athar gives a tile — shown by stopping Athar, after which only a valid pass still gets
 * a stored tile. Every forgery (another item, another session, no session, a changed hash, an
 * expired pass, a pass signed with another secret) gets nothing then.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { SESSION_COOKIE, signIn, type Client } from '../helpers/http.ts';
import { BASE_HEADERS } from '../../src/lib/server/http/node-response.ts';
import { noiseJpeg, removeDir, tempDir, writeFiles } from '../helpers/images.ts';
import { frontOfAthar, nginxBinary, startNginx, stop, type Nginx } from '../helpers/nginx.ts';
import { addMember, addPerson, ingest, resultFor } from '../helpers/world.ts';
import { PASS_TTL_S, TILE_PASS_COOKIE, tilePassCookie } from '../../src/lib/server/evidence/tile-pass.ts';

const SECRET = 'test-secret-of-the-tile-passes-0123456789';
const tile = (item: string) => `/iiif/${item}/0,0,256,256/256,256/0/default.jpg`;

/** The `name=value` of a Set-Cookie line. */
const pairOf = (setCookie: string) => setCookie.split(';')[0]!;

for (const dialect of DIALECTS) {
  describe(`nginx in front of Athar: tile passes (${dialect})`, () => {
    let athar: Instance;
    let nginx: Nginx;
    let work: string;
    let fixtures: string;
    let mine: string;
    let alsoMine: string;
    let elsewhere: string;
    let member: Client;
    let session: string;
    let memberToken: string;

    /** A tile through nginx with exactly these cookies (and headers). */
    const through = (item: string, cookies: string[], headers: Record<string, string> = {}) =>
      fetch(nginx.url + tile(item), {
        headers: { ...headers, ...(cookies.length ? { cookie: cookies.join('; ') } : {}) }
      });
    /** A request sent with this exact path (fetch() would resolve `%2e%2e` away). */
    const rawThrough = (rawPath: string, cookies: string[]) =>
      new Promise<number>((resolve, reject) => {
        const req = http.get(
          nginx.url + '/',
          { path: rawPath, headers: { cookie: cookies.join('; ') } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          }
        );
        req.on('error', reject);
      });
    const sessionCookie = () => `${SESSION_COOKIE}=${session}`;
    const passFor = (item: string, decidedAt = Date.now(), secret = SECRET, ofSession = session) =>
      pairOf(tilePassCookie(secret, item, ofSession, decidedAt, false));

    beforeAll(async () => {
      athar = await startInstance(dialect, { TILE_PASS_SECRET: SECRET });
      fixtures = tempDir();
      writeFiles(path.join(fixtures, 'mine'), {
        'a.jpg': await noiseJpeg(600, 400, 1),
        'b.jpg': await noiseJpeg(600, 400, 2)
      });
      writeFiles(path.join(fixtures, 'elsewhere'), { 'c.jpg': await noiseJpeg(600, 400, 3) });
      const run = await ingest(athar, [path.join(fixtures, 'mine')], 'Mine');
      const other = await ingest(athar, [path.join(fixtures, 'elsewhere')], 'Elsewhere');
      expect([run.code, other.code], run.stderr + other.stderr).toEqual([0, 0]);
      mine = resultFor(run.results, 'a.jpg').itemId!;
      alsoMine = resultFor(run.results, 'b.jpg').itemId!;
      elsewhere = resultFor(other.results, 'c.jpg').itemId!;
      memberToken = (await addPerson(athar, 'member@example.org', 'reviewer')).token;
      await addMember(athar, 'Mine', 'member@example.org');
      await addPerson(athar, 'keeper@example.org', 'reviewer');
      await addMember(athar, 'Elsewhere', 'keeper@example.org');
      member = await signIn(athar, 'member@example.org');
      session = member.cookies.get(SESSION_COOKIE)!;

      work = tempDir('athar-nginx-');
      fs.chmodSync(work, 0o755); // nginx's workers run as an unprivileged user
      nginx = await startNginx(nginxBinary(), work, 'front', 1, frontOfAthar(work, athar.url, SECRET));
    }, 240_000);
    afterAll(async () => {
      if (nginx) await stop(nginx.child);
      await athar?.destroy();
      if (fixtures) removeDir(fixtures);
      if (work) removeDir(work);
    });

    it('gives a session its pass with the first tile: HttpOnly, for that item only, ten seconds', async () => {
      const res = await through(mine, [sessionCookie()]);
      expect(res.status).toBe(200);
      const direct = await member.request(tile(mine));
      expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from(await direct.arrayBuffer()));
      const [pass, ...more] = res.headers.getSetCookie();
      expect(more).toEqual([]);
      expect(pass).toMatch(new RegExp(`^${TILE_PASS_COOKIE}=\\d+\\.[A-Za-z0-9_-]{22}; `));
      expect(pass).toContain(`Path=/iiif/${mine}/;`);
      expect(pass).toMatch(/; HttpOnly; SameSite=Strict$/);
      const maxAge = Number(/Max-Age=(\d+)/.exec(pass!)?.[1]);
      expect(maxAge).toBeGreaterThan(0);
      expect(maxAge).toBeLessThanOrEqual(PASS_TTL_S);
      // What nginx handed on is Athar's pass for this session and item.
      const [expires] = pairOf(pass!).split('=')[1]!.split('.');
      expect(pairOf(pass!)).toBe(passFor(mine, Number(expires) * 1000 - PASS_TTL_S * 1000));
    });

    it("gives one with the item's info.json, which a viewer reads before any tile", async () => {
      const info = await fetch(`${nginx.url}/iiif/${mine}/info.json`, {
        headers: { cookie: sessionCookie() }
      });
      expect(info.status).toBe(200);
      const [pass] = info.headers.getSetCookie();
      expect(pass).toContain(`Path=/iiif/${mine}/;`);
      const stored = await through(mine, [sessionCookie(), pairOf(pass!)]);
      expect(stored.status).toBe(200);
      expect(stored.headers.getSetCookie()).toEqual([]);
      const withToken = await fetch(`${nginx.url}/iiif/${mine}/info.json`, {
        headers: { authorization: `Bearer ${memberToken}` }
      });
      expect([withToken.status, withToken.headers.getSetCookie()]).toEqual([200, []]);
    });

    it('mints no pass for a bearer token, nor for a session that may not see the item', async () => {
      const withToken = await through(mine, [], { authorization: `Bearer ${memberToken}` });
      expect(withToken.status).toBe(200);
      expect(withToken.headers.getSetCookie()).toEqual([]);
      // The token decides, not the cookie beside it.
      const both = await through(alsoMine, [sessionCookie()], { authorization: `Bearer ${memberToken}` });
      expect(both.status).toBe(200);
      expect(both.headers.getSetCookie()).toEqual([]);
      const refused = await through(elsewhere, [sessionCookie()]);
      expect(refused.status).toBe(403);
      expect(refused.headers.getSetCookie()).toEqual([]);
      // A pass for another item opens nothing here: Athar is asked, and refuses.
      const borrowed = await through(elsewhere, [sessionCookie(), passFor(mine)]);
      expect(borrowed.status).toBe(403);
    });

    it("sends a stored tile itself, with a tile's headers; a HEAD stores nothing half", async () => {
      const pass = pairOf((await through(alsoMine, [sessionCookie()])).headers.getSetCookie()[0]!);
      const head = await fetch(nginx.url + tile(alsoMine), {
        method: 'HEAD',
        headers: { cookie: `${sessionCookie()}; ${pass}` }
      });
      expect(head.status).toBe(200);
      const direct = Buffer.from(await (await member.request(tile(alsoMine))).arrayBuffer());
      // The first GET with the pass fills the store from Athar; the second is the stored file's.
      for (let i = 0; i < 2; i++) {
        const res = await through(alsoMine, [sessionCookie(), pass]);
        expect(res.status).toBe(200);
        expect(Buffer.from(await res.arrayBuffer())).toEqual(direct);
        for (const [name, value] of Object.entries(BASE_HEADERS))
          expect(res.headers.get(name), `${name} of answer ${i + 1}`).toBe(value);
        expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
        expect(res.headers.get('content-type')).toBe('image/jpeg');
      }
    });

    it('with Athar stopped, a valid pass alone still gets a stored tile, and no forgery does', async () => {
      // Fill nginx's tile store with every item's tile: a session's first tile brings a pass, the
      // second (with it) is stored. Elsewhere's by a member of Elsewhere.
      const keeper = await signIn(athar, 'keeper@example.org');
      const keeperCookie = `${SESSION_COOKIE}=${keeper.cookies.get(SESSION_COOKIE)}`;
      for (const [item, cookie] of [
        [mine, sessionCookie()],
        [alsoMine, sessionCookie()],
        [elsewhere, keeperCookie]
      ] as const) {
        const first = await through(item, [cookie]);
        await first.arrayBuffer();
        const stored = await through(item, [cookie, pairOf(first.headers.getSetCookie()[0]!)]);
        expect((await stored.arrayBuffer()).byteLength).toBeGreaterThan(0);
      }
      // A second session of the member, never seen by nginx: no decision of it is kept there, so
      // with Athar down only a pass can get it a tile.
      const fresh = (await signIn(athar, 'member@example.org')).cookies.get(SESSION_COOKIE)!;
      const freshCookie = `${SESSION_COOKIE}=${fresh}`;
      const freshPass = (item: string, decidedAt = Date.now(), secret = SECRET) =>
        passFor(item, decidedAt, secret, fresh);
      // A path that names my item as sent and another's once resolved: neither the store nor the
      // cache nor Athar hands out the other's tile for it (Athar refuses encoded dots: 400).
      const sideways = `/iiif/${mine}/%2e%2e/${elsewhere}/0,0,256,256/256,256/0/default.jpg`;
      expect(await rawThrough(sideways, [sessionCookie(), passFor(mine)])).toBe(400);
      await athar.stop();
      expect(await rawThrough(sideways, [freshCookie, freshPass(mine)])).not.toBe(200);

      for (const item of [mine, alsoMine]) {
        const valid = await through(item, [freshCookie, freshPass(item)]);
        expect(valid.status).toBe(200);
        expect(valid.headers.get('content-type')).toBe('image/jpeg');
      }

      // [what, the item whose tile is asked for, the cookies sent]
      const forgeries: Array<[string, string, string[]]> = [
        ['no pass', mine, [freshCookie]],
        ['no session', mine, [freshPass(mine)]],
        ["another item's pass", mine, [freshCookie, freshPass(alsoMine)]],
        ["another session's pass", mine, [freshCookie, passFor(mine)]],
        // The hash's first character: every bit of it counts (the last one's low bits do not).
        [
          'a changed hash',
          mine,
          [freshCookie, freshPass(mine).replace(/\.(.)/, (_, c) => (c === 'A' ? '.B' : '.A'))]
        ],
        ['an expired pass', mine, [freshCookie, freshPass(mine, Date.now() - (PASS_TTL_S + 2) * 1000)]],
        [
          'another secret',
          mine,
          [freshCookie, freshPass(mine, Date.now(), 'another-secret-0123456789abcdefghijkl')]
        ],
        ['a pass taken to an item out of reach', elsewhere, [freshCookie, freshPass(mine)]]
      ];
      for (const [what, item, cookies] of forgeries) {
        const res = await through(item, cookies);
        await res.arrayBuffer();
        expect(res.status, what).not.toBe(200);
      }
    });
  });
}
