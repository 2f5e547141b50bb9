/**
 * A BagIt bag (RFC 8493) streamed into a zip: payload files are hashed while they are written, the
 * manifests follow them, and the instance key signs the tag manifest's exact bytes.
 *
 * Invariants:
 * - Memory is flat in the size and number of files: every entry is produced only when the zip
 *   reaches it (yazl's lazy entries are pumped one at a time, in order), and its SHA-256 is taken
 *   from the bytes on their way into the zip. Only the manifest lines are kept.
 * - A payload file with a known hash (an original: its SHA-256 from ingest) that hashes otherwise
 *   while streaming aborts the whole export: a bag never carries an original that is not the one
 *   the archive received.
 * - The tag manifest covers every tag file but the signature and its time-stamp (they are made
 *   from it); the signature is Ed25519 over its exact bytes, so `openssl pkeyutl -verify -rawin`
 *   checks it with no Athar code.
 */
import { createHash } from 'node:crypto';
import { PassThrough, Readable, Transform } from 'node:stream';
import yazl from 'yazl';
import type { InstanceKey } from '../keys/instance-key.ts';

export type Content = Buffer | string | Readable;

export type PayloadFile = {
  /** Relative to `data/`. */
  path: string;
  /** Store without compression (photographs, PDFs: compressed already). */
  stored?: boolean;
  /** The hash the bytes must have (an original's SHA-256 from ingest). */
  expectSha256?: string;
  /** Called when the zip reaches the file; `written` lists the payload files before it. */
  content: (written: Manifest) => Promise<Content>;
};

export type Manifest = Array<{ path: string; sha256: string; bytes: number }>;

export type BagPlan = {
  /** The payload, in order; a file can read `manifest` for what was written before it. */
  payload: Iterable<PayloadFile>;
  /** bag-info.txt fields after Payload-Oxum and Bagging-Date (filled in by the bag). */
  info: (manifest: Manifest) => Array<[string, string]>;
  /** Tag files besides bagit.txt, bag-info.txt and the manifests (VERIFY.md, verify.html, the key). */
  tagFiles: Array<{ path: string; content: () => Content }>;
  key: Pick<InstanceKey, 'signBytes'>;
  /** An RFC 3161 time-stamp of the signature (the TSA's reply), when a TSA is configured. */
  timestamp?: (signature: Buffer) => Promise<Buffer>;
  now?: Date;
};

export const manifestLine = (sha256: string, path: string) =>
  `${sha256}  ${path.replace(/%/g, '%25').replace(/\n/g, '%0A').replace(/\r/g, '%0D')}\n`;

export const manifestText = (manifest: Manifest) =>
  manifest.map((m) => manifestLine(m.sha256, m.path)).join('');

const toStream = (content: Content): Readable =>
  content instanceof Readable ? content : Readable.from([Buffer.from(content)]);

/** A pass-through that hashes and counts; fails when the hash is not the expected one. */
function hashing(path: string, expect: string | undefined, done: (sha256: string, bytes: number) => void) {
  const hash = createHash('sha256');
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      const sha256 = hash.digest('hex');
      if (expect && sha256 !== expect)
        return callback(
          new Error(`${path} has SHA-256 ${sha256}, not ${expect} as at ingest: export stopped`)
        );
      done(sha256, bytes);
      callback();
    }
  });
}

/** The zip, as a stream; it errors (and stops) when any entry fails. */
export function streamBag(plan: BagPlan): Readable {
  const zip = new yazl.ZipFile();
  const out = new PassThrough();
  const abort = (err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err)));
  zip.on('error', abort);
  zip.outputStream.on('error', abort);
  zip.outputStream.pipe(out);

  const payload: Manifest = [];
  const tags: Manifest = [];
  const now = plan.now ?? new Date();
  const mtime = now;

  function add(
    path: string,
    list: Manifest | null,
    options: { stored?: boolean; expectSha256?: string },
    content: () => Promise<Content> | Content
  ) {
    zip.addReadStreamLazy(path, { compress: !options.stored, mtime }, (callback) => {
      Promise.resolve()
        .then(content)
        .then((value) => {
          const source = toStream(value);
          const hasher = hashing(path, options.expectSha256, (sha256, bytes) =>
            list?.push({ path, sha256, bytes })
          );
          source.on('error', abort);
          hasher.on('error', abort);
          callback(null, source.pipe(hasher));
        })
        .catch(abort);
    });
  }

  for (const file of plan.payload) add(`data/${file.path}`, payload, file, () => file.content(payload));

  let signature: Buffer | undefined;
  const oxum = () => `${payload.reduce((n, m) => n + m.bytes, 0)}.${payload.length}`;
  add('manifest-sha256.txt', tags, {}, () => manifestText(payload));
  add('bagit.txt', tags, {}, () => 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
  add('bag-info.txt', tags, {}, () =>
    (
      [
        ['Bagging-Date', now.toISOString().slice(0, 10)],
        ['Payload-Oxum', oxum()],
        ...plan.info(payload)
      ] as Array<[string, string]>
    )
      .map(([label, value]) => `${label}: ${value.replace(/\r?\n/g, '\n  ')}\n`)
      .join('')
  );
  for (const tag of plan.tagFiles) add(tag.path, tags, {}, tag.content);
  const tagManifest = () => Buffer.from(manifestText(tags));
  add('tagmanifest-sha256.txt', null, {}, tagManifest);
  add('athar-signature.ed25519', null, { stored: true }, () => {
    signature = plan.key.signBytes(tagManifest());
    return signature;
  });
  if (plan.timestamp) {
    const stamp = plan.timestamp;
    add('athar-signature.tsr', null, { stored: true }, () => stamp(signature!));
  }
  zip.end();
  return out;
}
