import type { dossierEn } from './dossier.en.ts';

/** Dossiers: Export auf Objekt- und Arbeitslistenseiten, Signaturschlüssel auf der Administrationsseite. */
export const dossierDe: Record<keyof typeof dossierEn, string> = {
  'dossier.export': 'Dossier exportieren',
  'dossier.redaction': 'Lichtbilder',
  'dossier.redact_none': 'Alle (für ein Gericht)',
  'dossier.redact_all_photos': 'Keine (für Angehörige)',
  'dossier.redact_face_and_tag': 'Nur Gesicht und Kennzeichnung (für Angehörige)',
  'dossier.progress': 'Das Dossier wird erstellt: {done} von etwa {total} MB',
  'dossier.done': 'Das Dossier wurde als {file} gespeichert.',
  'dossier.failed': 'Das Dossier konnte nicht exportiert werden: {reason}',
  'dossier.hint':
    'Ein signiertes BagIt-ZIP mit den Originalen, den Befunden, dem Nachweis der Beweismittelkette und einem PDF-Bericht; die enthaltene Datei verify.html prüft es offline.',
  'dossier.key_title': 'Signaturschlüssel für Dossiers',
  'dossier.key_intro':
    'Jedes Dossier wird mit diesem Ed25519-Schlüssel signiert. Veröffentlichen Sie den Fingerabdruck: Wer ein Dossier erhält, vergleicht ihn mit der darin angegebenen Schlüssel-ID.',
  'dossier.key_fingerprint': 'Fingerabdruck (SHA-256 des öffentlichen Schlüssels)'
};
