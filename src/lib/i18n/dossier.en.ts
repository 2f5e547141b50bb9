/** Dossiers: the export control on item and queue pages, and the signing key on the admin page. */
export const dossierEn = {
  'dossier.export': 'Export dossier',
  'dossier.redaction': 'Photographs',
  'dossier.redact_none': 'All (for a court)',
  'dossier.redact_all_photos': 'None (for a family)',
  'dossier.redact_face_and_tag': 'Face and tag only (for a family)',
  'dossier.progress': 'Preparing the dossier: {done} of about {total} MB',
  'dossier.done': 'The dossier is saved as {file}.',
  'dossier.failed': 'The dossier could not be exported: {reason}',
  'dossier.hint':
    'A signed BagIt zip with the originals, findings, custody record and a PDF report; verify.html inside checks it offline.',
  'dossier.key_title': 'Dossier signing key',
  'dossier.key_intro':
    'Every dossier is signed with this Ed25519 key. Publish the fingerprint: whoever receives a dossier compares it with the key id in it.',
  'dossier.key_fingerprint': 'Fingerprint (SHA-256 of the public key)'
} as const;
