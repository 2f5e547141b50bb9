/**
 * RFC 3161 time-stamps of a dossier's signature from the configured authority (`TSA_URL`): the
 * request carries the SHA-256 of the signature, a random nonce, and asks for the TSA's
 * certificate, so `openssl ts -verify -data athar-signature.ed25519 -in athar-signature.tsr
 * -CAfile <tsa-ca>` checks it later.
 */
import { createHash, randomBytes } from 'node:crypto';

const SHA256_ALGORITHM = Buffer.from('300d06096086480165030402010500', 'hex');

/** The DER TimeStampReq for `data` (version 1, SHA-256 imprint, nonce, certReq TRUE). */
export function timestampQuery(data: Uint8Array): Buffer {
  const digest = createHash('sha256').update(data).digest();
  const imprint = Buffer.concat([
    Buffer.from([0x30, 0x31]),
    SHA256_ALGORITHM,
    Buffer.from([0x04, 0x20]),
    digest
  ]);
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0]! & 0x7f) | 0x01; // positive and minimal (DER INTEGER)
  const body = Buffer.concat([
    Buffer.from([0x02, 0x01, 0x01]),
    imprint,
    Buffer.from([0x02, 0x08]),
    nonce,
    Buffer.from([0x01, 0x01, 0xff])
  ]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** Asks the TSA to time-stamp `data`; throws when it does not answer with a granted token. */
export async function requestTimestamp(tsaUrl: string, data: Uint8Array): Promise<Buffer> {
  const response = await fetch(tsaUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/timestamp-query' },
    body: new Uint8Array(timestampQuery(data)),
    signal: AbortSignal.timeout(30_000)
  });
  if (!response.ok) throw new Error(`the time-stamp authority answered ${response.status}`);
  const reply = Buffer.from(await response.arrayBuffer());
  // TimeStampResp ::= SEQUENCE { status SEQUENCE { INTEGER 0 (granted) | 1 (with mods) … } … }
  const outer = reply[1]! < 0x80 ? 2 : 2 + (reply[1]! & 0x7f);
  const status = outer + (reply[outer + 1]! < 0x80 ? 2 : 2 + (reply[outer + 1]! & 0x7f));
  if (reply[0] !== 0x30 || reply[status] !== 0x02 || reply[status + 2]! > 1)
    throw new Error('the time-stamp authority did not grant a time-stamp');
  return reply;
}
