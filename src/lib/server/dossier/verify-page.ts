/**
 * The two tag files that let a third party check a dossier without Athar: verify.html (a single
 * self-contained page, no network: Content-Security-Policy `default-src 'none'`; it runs
 * verifier.ts's own code on the bag's files chosen or dropped, as a zip or as the unzipped folder)
 * and VERIFY.md (the same checks by hand with sha256sum and openssl).
 */
import { verifierModule } from './verifier.ts';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The page's glue: read the user's files into a bag, run the verifier, say what it found. */
const PAGE_SCRIPT = `
const { openZip, verifyBag } = verifier();
const out = document.getElementById('result');
const progress = document.getElementById('progress');
function say(state, text) { out.dataset.state = state; out.textContent = text; }
function fromZip(file) {
  return openZip({ size: file.size, read: async (o, n) => new Uint8Array(await file.slice(o, o + n).arrayBuffer()) });
}
function fromFolder(files) {
  const map = new Map();
  for (const f of files) {
    const rel = (f.webkitRelativePath || f.relPath || f.name).split('/');
    map.set(rel.length > 1 ? rel.slice(1).join('/') : rel[0], f);
  }
  return { names: [...map.keys()], read: async (name) => {
    const f = map.get(name);
    if (!f) throw new Error(name + ' is missing');
    return new Uint8Array(await f.arrayBuffer());
  } };
}
async function check(files) {
  say('working', 'Checking…');
  try {
    const list = [...files];
    const bag = list.length === 1 && /\\.zip$/i.test(list[0].name) ? await fromZip(list[0]) : fromFolder(list);
    const verdict = await verifyBag(bag, (done, total) => { progress.value = total ? done / total : 0; });
    if (verdict.ok) say('valid', 'VALID: ' + verdict.files + ' payload file(s), ' + verdict.bytes +
      ' bytes, every hash matches; signed by the key ' + verdict.keyId + '; ' + verdict.custodyRows +
      ' custody row(s) chain' + (verdict.timestamp ? '; the time-stamp imprint matches the signature.' : '.'));
    else say('invalid', 'INVALID: ' + verdict.failure);
  } catch (err) {
    say('invalid', 'INVALID: ' + (err && err.message ? err.message : String(err)));
  }
}
async function walk(entry, prefix, into) {
  if (entry.isFile) {
    const file = await new Promise((ok, ko) => entry.file(ok, ko));
    file.relPath = prefix + entry.name;
    into.push(file);
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((ok, ko) => reader.readEntries(ok, ko));
      if (batch.length === 0) break;
      for (const e of batch) await walk(e, prefix + entry.name + '/', into);
    }
  }
}
document.getElementById('zip').addEventListener('change', (e) => check(e.target.files));
document.getElementById('folder').addEventListener('change', (e) => check(e.target.files));
const drop = document.getElementById('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', async (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const items = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  if (items.length === 1 && items[0].isDirectory) {
    const files = [];
    await walk(items[0], '', files);
    return check(files);
  }
  check(e.dataTransfer.files);
});
`;

export function verifyHtml(keyId: string): string {
  const script = `const verifier = ${verifierModule.toString()};\n${PAGE_SCRIPT}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Verify an Athar dossier</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
#drop { border: 2px dashed #888; padding: 2rem; text-align: center; border-radius: 8px; }
#drop.over { background: #eef; }
#result { font-weight: bold; margin-top: 1rem; white-space: pre-wrap; }
#result[data-state=valid] { color: #075e07; }
#result[data-state=invalid] { color: #a00; }
code { background: #f3f3f3; padding: 0 .2em; }
</style>
</head>
<body>
<h1>Verify an Athar dossier</h1>
<p>This page works offline and sends nothing anywhere. Choose the dossier's zip file, or the folder it
was unzipped into, or drop either below. It recomputes the SHA-256 of every file, checks the Ed25519
signature of <code>tagmanifest-sha256.txt</code> with <code>athar-signing-key.pem</code>, and checks
that the custody rows chain.</p>
<p>The key that signed this dossier when it was made has the id <code>${escapeHtml(keyId)}</code>
(SHA-256 of the public key). Compare the id this page reports with the one the archive publishes
(<code>athar dossier key</code>, the admin page): a bag re-signed with another key is valid for that
key only. Prefer a copy of this page from a trusted source; VERIFY.md shows the same checks by hand.</p>
<p><label>Zip file: <input type="file" id="zip" accept=".zip,application/zip"></label></p>
<p><label>Unzipped folder: <input type="file" id="folder" webkitdirectory multiple></label></p>
<div id="drop">Drop the zip or the folder here</div>
<p><progress id="progress" value="0" max="1"></progress></p>
<p id="result" role="status" aria-live="polite" data-state="idle">No dossier checked yet.</p>
<script>
${script}
</script>
</body>
</html>
`;
}

export function verifyMd(keyId: string, timestamp: boolean): string {
  return `# Verifying this dossier

This folder is a BagIt bag (RFC 8493) made and signed by an Athar instance. You need no Athar
software to check it: a shell with \`sha256sum\` and OpenSSL 3 (or a browser: open \`verify.html\`).

Unzip it and work in the folder that holds \`bagit.txt\`.

## 1. Every file is the one that was exported

    sha256sum -c manifest-sha256.txt       # the payload: data/…
    sha256sum -c tagmanifest-sha256.txt    # the tag files, including manifest-sha256.txt

Every line must say OK. Also check that \`data/\` holds no file the manifest does not list
(\`find data -type f | wc -l\` equals \`wc -l < manifest-sha256.txt\`).

## 2. The instance signed it

    openssl pkeyutl -verify -pubin -inkey athar-signing-key.pem -rawin \\
      -in tagmanifest-sha256.txt -sigfile athar-signature.ed25519

It must say \`Signature Verified Successfully\`. The signature covers the exact bytes of
\`tagmanifest-sha256.txt\`, which holds the SHA-256 of \`manifest-sha256.txt\`, which holds the
SHA-256 of every payload file: one signature covers everything.

Check that the key is the archive's own. Its id is the SHA-256 of the public key (DER):

    openssl pkey -pubin -in athar-signing-key.pem -outform DER | sha256sum

This dossier was signed with the key \`${keyId}\`; compare it with the id the archive publishes
(\`athar dossier key\`, or its admin page).
${
  timestamp
    ? `
## 3. When it was signed (RFC 3161 time-stamp)

\`athar-signature.tsr\` is a time-stamp of \`athar-signature.ed25519\` by an independent authority.
With that authority's certificate chain (\`tsa-ca.pem\`):

    openssl ts -verify -data athar-signature.ed25519 -in athar-signature.tsr -CAfile tsa-ca.pem
    openssl ts -reply -in athar-signature.tsr -text    # shows the time
`
    : ''
}
## ${timestamp ? 4 : 3}. The custody record

\`data/custody.json\` holds the rows of the archive's audit log about these objects. Each row's
\`hash\` is the SHA-256 of \`prev_hash\`, a line feed, and the JSON array
\`[seq, at, actor_id, action, target, details, ip]\`; consecutive rows chain through \`prev_hash\`.
\`head\` is the chain's last row when the dossier was made: ask the archive to show that its live log
still has this row with this hash (\`athar audit verify\` checks the whole live chain).

## The export fingerprint

The report (\`data/report.pdf\`) prints a fingerprint; it is also \`Athar-Fingerprint\` in
\`bag-info.txt\`. It is the SHA-256 of \`manifest-sha256.txt\` without the report's own line:

    grep -v '  data/report.pdf$' manifest-sha256.txt | sha256sum

## What the signature does and does not prove

It proves that whoever held the instance's private key produced exactly these files, and that
nothing changed since. It does not prove who holds the key now: compare the key id with the
archive's published one, and keep the time-stamp, which shows the signature existed at that time.
`;
}
