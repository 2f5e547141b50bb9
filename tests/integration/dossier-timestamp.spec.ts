/**
 * RFC 3161 time-stamps of a dossier's signature, against a local test authority the test runs
 * itself (`openssl ts -reply` behind a small HTTP server, with its own CA): the bag carries
 * athar-signature.tsr, `openssl ts -verify` accepts it for the signature, and `athar dossier
 * verify` refuses a token that stamps something else.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { run, unzip } from '../helpers/dossier.ts';
import { removeDir, tempDir } from '../helpers/images.ts';
import { ingestPhotos } from '../helpers/world.ts';

const TSA_CONFIG = `[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = ./serial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;

/** A CA, a TSA certificate it issued (timeStamping), and an HTTP server answering time-stamp queries. */
async function startTestTsa(dir: string): Promise<{ url: string; caFile: string; close(): Promise<void> }> {
  const openssl = (...args: string[]) => {
    const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr}`);
  };
  fs.writeFileSync(path.join(dir, 'tsa.cnf'), TSA_CONFIG);
  fs.writeFileSync(path.join(dir, 'serial'), '01\n');
  fs.writeFileSync(
    path.join(dir, 'ext.cnf'),
    'extendedKeyUsage=critical,timeStamping\nkeyUsage=critical,digitalSignature\n'
  );
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=Athar test TSA CA'
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'tsa.key',
    '-out',
    'tsa.csr',
    '-subj',
    '/CN=Athar test TSA'
  );
  openssl(
    'x509',
    '-req',
    '-in',
    'tsa.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'tsa.pem',
    '-days',
    '2',
    '-extfile',
    'ext.cnf'
  );
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = ++n;
      fs.writeFileSync(path.join(dir, `q${id}.tsq`), Buffer.concat(chunks));
      const reply = spawnSync(
        'openssl',
        [
          'ts',
          '-reply',
          '-config',
          'tsa.cnf',
          '-queryfile',
          `q${id}.tsq`,
          '-inkey',
          'tsa.key',
          '-signer',
          'tsa.pem',
          '-out',
          `r${id}.tsr`
        ],
        { cwd: dir, encoding: 'utf8' }
      );
      if (reply.status !== 0) {
        res.writeHead(500).end(reply.stderr);
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/timestamp-reply' })
        .end(fs.readFileSync(path.join(dir, `r${id}.tsr`)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`,
    caFile: path.join(dir, 'ca.pem'),
    close: () => new Promise((resolve) => server.close(() => resolve()))
  };
}

for (const dialect of DIALECTS) {
  describe(`dossier time-stamp (${dialect})`, () => {
    let dir = '';
    let tsa: Awaited<ReturnType<typeof startTestTsa>>;
    let athar: Instance;
    beforeAll(async () => {
      dir = tempDir('athar-tsa-');
      tsa = await startTestTsa(dir);
      athar = await startInstance(dialect, { TSA_URL: tsa.url });
    });
    afterAll(async () => {
      await athar?.destroy();
      await tsa?.close();
      removeDir(dir);
    });

    it('stamps the signature; openssl ts and athar accept it, and athar refuses a stamp of something else', async () => {
      const [item] = await ingestPhotos(athar, 'Stamped', 1);
      const zip = path.join(dir, 'stamped.zip');
      const made = await athar.cli(['dossier', 'export', '--item', item!, '--out', zip]);
      expect(made.code, made.stderr).toBe(0);
      const verified = await athar.cli(['dossier', 'verify', zip]);
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout).toContain('time-stamp matches the signature');

      const bag = unzip(zip, dir);
      const openssl = run(
        'openssl',
        [
          'ts',
          '-verify',
          '-data',
          'athar-signature.ed25519',
          '-in',
          'athar-signature.tsr',
          '-CAfile',
          tsa.caFile
        ],
        bag
      );
      expect(openssl.stdout + openssl.stderr).toContain('Verification: OK');
      expect(fs.readFileSync(path.join(bag, 'VERIFY.md'), 'utf8')).toContain('openssl ts -verify');

      // The token of another export stamps another signature.
      const other = path.join(dir, 'other.zip');
      expect((await athar.cli(['dossier', 'export', '--item', item!, '--out', other])).code).toBe(0);
      const otherBag = unzip(other, dir);
      fs.copyFileSync(path.join(otherBag, 'athar-signature.tsr'), path.join(bag, 'athar-signature.tsr'));
      const refused = await athar.cli(['dossier', 'verify', bag]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('athar-signature.tsr does not time-stamp this signature');
    });
  });
}
