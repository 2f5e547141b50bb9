/**
 * The dossier verifier: one self-contained function that runs both in `athar dossier verify`
 * (Node) and, as its source text, inside the bag's `verify.html` (any browser, offline). It uses
 * only what both offer: WebCrypto (SHA-256, Ed25519), DecompressionStream, TextEncoder.
 *
 * Invariants:
 * - `verifierModule` references nothing outside its own body (no imports, no module helpers):
 *   verify-page.ts embeds `verifierModule.toString()` in the HTML, so what Node checks and what
 *   the browser checks is the same code.
 * - It names the FIRST failure and stops, in this order: every payload manifest line (and no
 *   payload file left out), every tag manifest line, the Ed25519 signature over the exact bytes of
 *   tagmanifest-sha256.txt, Payload-Oxum, the RFC 3161 token's imprint when present, the custody
 *   rows' hash chain.
 * - The custody hash is the audit log's (audit/log.ts `hashAuditRow`): SHA-256 of
 *   `prev_hash + "\n" + JSON.stringify([seq, at, actor_id, action, target, details, ip])`. The
 *   integration tests check a live export against the live log, so the two cannot drift apart.
 */

export type BagSource = { size: number; read(offset: number, length: number): Promise<Uint8Array> };
export type BagFiles = { names: string[]; read(name: string): Promise<Uint8Array> };
export type BagVerdict =
  | {
      ok: true;
      files: number;
      bytes: number;
      keyId: string;
      custodyRows: number;
      /** The audit chain's head when the dossier was made, to match against the live log. */
      custodyHead: { seq: number; hash: string };
      timestamp: boolean;
    }
  | { ok: false; failure: string };
export type Verifier = {
  openZip(source: BagSource): Promise<BagFiles>;
  verifyBag(bag: BagFiles, progress?: (done: number, total: number) => void): Promise<BagVerdict>;
};

export function verifierModule(): Verifier {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const hex = (bytes: ArrayBuffer | Uint8Array) =>
    Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
  const sha256 = async (data: Uint8Array) =>
    hex(await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
  const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
  const u32 = (b: Uint8Array, o: number) =>
    (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 2 ** 24;
  const u64 = (b: Uint8Array, o: number) => u32(b, o) + u32(b, o + 4) * 2 ** 32;

  class BagError extends Error {}
  const fail = (message: string): never => {
    throw new BagError(message);
  };

  async function inflate(data: Uint8Array): Promise<Uint8Array> {
    const stream = new Blob([data as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('deflate-raw'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  /** The zip's central directory (zip64 too); each entry is read when asked for. */
  async function openZip(source: BagSource): Promise<BagFiles> {
    const tailLength = Math.min(source.size, 65557);
    const tail = await source.read(source.size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--)
      if (u32(tail, i) === 0x06054b50) {
        eocd = i;
        break;
      }
    if (eocd < 0) fail('this is not a zip file (no end of central directory)');
    let count = u16(tail, eocd + 10);
    let dirSize = u32(tail, eocd + 12);
    let dirOffset = u32(tail, eocd + 16);
    if (dirOffset === 0xffffffff || count === 0xffff) {
      const locator = eocd - 20;
      if (locator < 0 || u32(tail, locator) !== 0x07064b50) fail('the zip64 locator is missing');
      const z64 = await source.read(u64(tail, locator + 8), 56);
      count = u64(z64, 32);
      dirSize = u64(z64, 40);
      dirOffset = u64(z64, 48);
    }
    const dir = await source.read(dirOffset, dirSize);
    const entries = new Map<string, { offset: number; method: number; size: number }>();
    for (let p = 0, n = 0; n < count; n++) {
      if (u32(dir, p) !== 0x02014b50) fail('the zip central directory is damaged');
      const nameLength = u16(dir, p + 28);
      const extraLength = u16(dir, p + 30);
      const commentLength = u16(dir, p + 32);
      let size = u32(dir, p + 20);
      let offset = u32(dir, p + 42);
      const name = dec.decode(dir.subarray(p + 46, p + 46 + nameLength));
      for (let e = p + 46 + nameLength; e < p + 46 + nameLength + extraLength;) {
        const id = u16(dir, e);
        const length = u16(dir, e + 2);
        if (id === 1) {
          let q = e + 4;
          if (u32(dir, p + 24) === 0xffffffff) q += 8;
          if (size === 0xffffffff) {
            size = u64(dir, q);
            q += 8;
          }
          if (offset === 0xffffffff) offset = u64(dir, q);
        }
        e += 4 + length;
      }
      if (!name.endsWith('/')) entries.set(name, { offset, method: u16(dir, p + 10), size });
      p += 46 + nameLength + extraLength + commentLength;
    }
    // A bag zipped with its folder name in front (bag/bagit.txt) reads like one zipped at its root.
    const names = [...entries.keys()];
    const root = names.find((n) => n === 'bagit.txt' || n.endsWith('/bagit.txt'));
    const prefix = root ? root.slice(0, -'bagit.txt'.length) : '';
    return {
      names: names.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length)),
      async read(name) {
        const entry = entries.get(prefix + name);
        if (!entry) return fail(`${name} is missing`);
        const header = await source.read(entry.offset, 30);
        if (u32(header, 0) !== 0x04034b50) fail(`the zip entry of ${name} is damaged`);
        const start = entry.offset + 30 + u16(header, 26) + u16(header, 28);
        const data = await source.read(start, entry.size);
        if (entry.method === 0) return data;
        if (entry.method === 8) return inflate(data).catch(() => fail(`${name} cannot be decompressed`));
        return fail(`${name} uses an unknown zip compression (${entry.method})`);
      }
    };
  }

  /** `<sha256>  <path>` lines (RFC 8493 §2.1.3); `%0A`, `%0D`, `%25` decoded in paths. */
  function manifestLines(text: string, file: string): Array<{ hash: string; path: string }> {
    return text
      .split(/\r?\n/)
      .filter((line) => line.length > 0)
      .map((line, i) => {
        const match = /^([0-9a-fA-F]{64})[ \t]+\*?(.+)$/.exec(line);
        if (!match) return fail(`${file} line ${i + 1} is not "<sha256> <path>"`);
        const path = match[2]!.replace(/%0A/gi, '\n').replace(/%0D/gi, '\r').replace(/%25/g, '%');
        if (path.startsWith('/') || path.split('/').includes('..')) fail(`${file} names an unsafe path`);
        return { hash: match[1]!.toLowerCase(), path };
      });
  }

  async function checkManifest(
    bag: BagFiles,
    file: string,
    progress: (bytes: number) => void
  ): Promise<{ files: number; bytes: number; paths: Set<string> }> {
    const lines = manifestLines(dec.decode(await bag.read(file)), file);
    const present = new Set(bag.names);
    let bytes = 0;
    for (const line of lines) {
      if (!present.has(line.path)) fail(`${line.path} is listed in ${file} but missing from the bag`);
      const data = await bag.read(line.path);
      if ((await sha256(data)) !== line.hash) fail(`${line.path} does not match its line in ${file}`);
      bytes += data.length;
      progress(data.length);
    }
    return { files: lines.length, bytes, paths: new Set(lines.map((l) => l.path)) };
  }

  function pemBody(pem: string): Uint8Array {
    const base64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }

  /** Status "granted" (0 or 1) and a message imprint equal to the signature's SHA-256. */
  async function checkTimestamp(token: Uint8Array, signature: Uint8Array): Promise<void> {
    const length = (o: number) => (token[o]! < 0x80 ? 1 : 1 + (token[o]! & 0x7f));
    const outer = 1 + length(1);
    const status = outer + 1 + length(outer + 1);
    if (token[0] !== 0x30 || token[outer] !== 0x30 || token[status] !== 0x02 || token[status + 1] !== 1)
      fail('athar-signature.tsr is not an RFC 3161 time-stamp response');
    if (token[status + 2]! > 1) fail('athar-signature.tsr: the time-stamp authority did not grant it');
    const imprint = [
      0x04,
      0x20,
      ...new Uint8Array(await crypto.subtle.digest('SHA-256', signature as Uint8Array<ArrayBuffer>))
    ];
    outer: for (let i = 0; i + imprint.length <= token.length; i++) {
      for (let j = 0; j < imprint.length; j++) if (token[i + j] !== imprint[j]) continue outer;
      return;
    }
    fail('athar-signature.tsr does not time-stamp this signature');
  }

  type CustodyRow = {
    seq: number;
    at: number;
    actor_id: string | null;
    action: string;
    target: string | null;
    details: string;
    ip: string | null;
    prev_hash: string;
    hash: string;
  };

  async function checkCustody(text: string): Promise<{ rows: number; head: { seq: number; hash: string } }> {
    let custody: { rows: CustodyRow[]; head: { seq: number; hash: string } };
    try {
      custody = JSON.parse(text);
    } catch {
      return fail('data/custody.json is not JSON');
    }
    if (!Array.isArray(custody.rows) || !custody.head) fail('data/custody.json has no rows or no head');
    let previous: CustodyRow | null = null;
    for (const row of custody.rows) {
      const content = JSON.stringify([
        row.seq,
        row.at,
        row.actor_id,
        row.action,
        row.target,
        row.details,
        row.ip
      ]);
      if ((await sha256(enc.encode(`${row.prev_hash}\n${content}`))) !== row.hash)
        fail(`custody row ${row.seq} was altered (its hash does not match its content)`);
      if (previous && row.seq <= previous.seq) fail(`custody row ${row.seq} is out of order`);
      if (previous && row.seq === previous.seq + 1 && row.prev_hash !== previous.hash)
        fail(`custody row ${row.seq} does not follow row ${previous.seq}`);
      previous = row;
    }
    if (
      previous &&
      (previous.seq > custody.head.seq ||
        (previous.seq === custody.head.seq && previous.hash !== custody.head.hash))
    )
      fail('the custody rows do not end at the chain head recorded at export');
    return {
      rows: custody.rows.length,
      head: { seq: Number(custody.head.seq), hash: String(custody.head.hash) }
    };
  }

  async function verifyBag(
    bag: BagFiles,
    progress?: (done: number, total: number) => void
  ): Promise<BagVerdict> {
    try {
      for (const required of ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt', 'tagmanifest-sha256.txt'])
        if (!bag.names.includes(required)) fail(`${required} is missing`);
      if (!/^BagIt-Version: 1\.0\r?\n/.test(dec.decode(await bag.read('bagit.txt'))))
        fail('bagit.txt does not declare BagIt-Version 1.0');
      const info = dec.decode(await bag.read('bag-info.txt'));
      const oxum = /^Payload-Oxum: (\d+)\.(\d+)$/m.exec(info);
      const total = oxum ? Number(oxum[1]) : 0;
      let done = 0;
      const tick = (bytes: number) => progress?.((done += bytes), total);
      const payload = await checkManifest(bag, 'manifest-sha256.txt', tick);
      const unlisted = bag.names.find((n) => n.startsWith('data/') && !payload.paths.has(n));
      if (unlisted) fail(`${unlisted} is in the payload but not in manifest-sha256.txt`);
      await checkManifest(bag, 'tagmanifest-sha256.txt', () => {});
      for (const required of ['athar-signature.ed25519', 'athar-signing-key.pem'])
        if (!bag.names.includes(required)) fail(`${required} is missing`);
      const signature = await bag.read('athar-signature.ed25519');
      const spki = pemBody(dec.decode(await bag.read('athar-signing-key.pem')));
      let key: CryptoKey | null = null;
      try {
        key = await crypto.subtle.importKey(
          'spki',
          spki as Uint8Array<ArrayBuffer>,
          { name: 'Ed25519' },
          false,
          ['verify']
        );
      } catch {
        fail('athar-signing-key.pem is not an Ed25519 public key');
      }
      const tagManifest = await bag.read('tagmanifest-sha256.txt');
      const signed =
        signature.length === 64 &&
        (await crypto.subtle.verify(
          { name: 'Ed25519' },
          key!,
          signature as Uint8Array<ArrayBuffer>,
          tagManifest as Uint8Array<ArrayBuffer>
        ));
      if (!signed)
        fail(
          'athar-signature.ed25519 is not a valid signature of tagmanifest-sha256.txt by athar-signing-key.pem'
        );
      if (!oxum) fail('bag-info.txt has no Payload-Oxum');
      if (Number(oxum![1]) !== payload.bytes || Number(oxum![2]) !== payload.files)
        fail(`Payload-Oxum says ${oxum![1]}.${oxum![2]}, the payload is ${payload.bytes}.${payload.files}`);
      const timestamp = bag.names.includes('athar-signature.tsr');
      if (timestamp) await checkTimestamp(await bag.read('athar-signature.tsr'), signature);
      const custody = bag.names.includes('data/custody.json')
        ? await checkCustody(dec.decode(await bag.read('data/custody.json')))
        : fail('data/custody.json is missing');
      return {
        ok: true,
        files: payload.files,
        bytes: payload.bytes,
        keyId: await sha256(spki),
        custodyRows: custody.rows,
        custodyHead: custody.head,
        timestamp
      };
    } catch (err) {
      if (err instanceof BagError) return { ok: false, failure: err.message };
      throw err;
    }
  }

  return { openZip, verifyBag };
}
