/**
 * The instance's Ed25519 signing key: signs audit checkpoints and dossiers so that a third
 * party holding only the public key can check them without Athar.
 *
 * Invariants:
 * - The private key lives outside the database, in `DATA_DIR/keys/instance-ed25519.pem`, mode 0600:
 *   someone who can rewrite the database cannot sign. (Someone who can read DATA_DIR can; the README
 *   says what this does and does not prove.)
 * - It is created once. Two processes starting together (the server and a CLI command) race on an
 *   exclusive create (`wx`): the loser reads the winner's key, so there is never a second key.
 * - The key id is the SHA-256 of the public key's DER (SPKI): a checkpoint names the key it was
 *   signed with, and a key from elsewhere is recognised as such.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type InstanceKey = {
  keyId: string;
  publicKeyPem: string;
  sign(message: string): string;
  /** The raw 64-byte Ed25519 signature of exact bytes (a dossier's tag manifest). */
  signBytes(data: Uint8Array): Buffer;
  verify(message: string, signature: string): boolean;
};

const PRIVATE_FILE = 'instance-ed25519.pem';
const PUBLIC_FILE = 'instance-ed25519.pub.pem';

export function keyIdOf(publicKey: crypto.KeyObject): string {
  return crypto
    .createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

function readOrCreatePrivatePem(dir: string): string {
  const file = path.join(dir, PRIVATE_FILE);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    fs.writeFileSync(file, pem, { flag: 'wx', mode: 0o600 });
    return pem;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return fs.readFileSync(file, 'utf8'); // another process won the race (see header)
  }
}

/** A verifier for a public key given as PEM (a checkpoint file's or a dossier's key). */
export function verifierFor(publicKeyPem: string): Pick<InstanceKey, 'keyId' | 'verify'> {
  const publicKey = crypto.createPublicKey(publicKeyPem);
  return {
    keyId: keyIdOf(publicKey),
    verify: (message, signature) => {
      try {
        return crypto.verify(null, Buffer.from(message), publicKey, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    }
  };
}

/** Loads the instance key from `<dataDir>/keys`, creating it on first use. */
export function loadInstanceKey(dataDir: string): InstanceKey {
  const dir = path.join(dataDir, 'keys');
  const privateKey = crypto.createPrivateKey(readOrCreatePrivatePem(dir));
  const publicKeyPem = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  const publicFile = path.join(dir, PUBLIC_FILE);
  if (!fs.existsSync(publicFile)) fs.writeFileSync(publicFile, publicKeyPem, { mode: 0o644 });
  return {
    ...verifierFor(publicKeyPem),
    publicKeyPem,
    sign: (message) => crypto.sign(null, Buffer.from(message), privateKey).toString('base64'),
    signBytes: (data) => crypto.sign(null, data, privateKey)
  };
}
