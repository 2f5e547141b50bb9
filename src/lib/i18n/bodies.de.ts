import type { bodiesEn } from './bodies.en.ts';

/** Meldungen zu Leichnamen (Zusammenfassung, Kennnummern, Vorschläge) auf Deutsch. */
export const bodiesDe: Record<keyof typeof bodiesEn, string> = {
  'bodies.counts': 'Leichname: {bodies} ({photos} Fotos zugeordnet)',
  'bodies.counts_identifiers': 'Verifizierte Kennnummern: {verified} von {identifiers}',
  'bodies.counts_disputed': 'Strittig: {disputed}',
  'bodies.counts_evaluated': 'Beurteilte Leichname: {evaluated}',
  'bodies.suggestions_title': 'Vorgeschlagene Leichname',
  'bodies.suggestions_count': 'Zu prüfende Vorschläge: {count}',
  'bodies.suggestions_compute': 'Leichname vorschlagen',
  'bodies.suggestions_none': 'Keine Vorschläge zu prüfen.',
  'bodies.suggestion_photos': 'Fotos: {count}',
  'bodies.suggestion_reason_time': 'kurz nacheinander aufgenommen',
  'bodies.suggestion_reason_file_order': 'aufeinanderfolgende Dateien',
  'bodies.suggestion_reason_identifier': 'gleiche Kennnummer',
  'bodies.suggestion_accept': 'Leichnam anlegen',
  'bodies.suggestion_reject': 'Nicht derselbe Leichnam',
  'bodies.suggestion_accepted': 'Leichnam angelegt.',
  'bodies.suggestion_open': 'Leichnam öffnen',
  'bodies.verify_title': 'Kennnummern auf diesem Foto',
  'bodies.verify_intro':
    'Geben Sie jede Nummer genau so ein, wie sie auf diesem Lichtbild geschrieben steht. Was andere eingegeben haben, sehen Sie nicht: Zwei unabhängige Lesungen verifizieren eine Nummer.',
  'bodies.verify_none':
    'Dieses Foto gehört noch zu keinem Leichnam: Es gibt keine Kennnummern zu verifizieren.',
  'bodies.verify_kind': 'Art',
  'bodies.verify_value': 'Nummer wie geschrieben',
  'bodies.verify_submit': 'Eingeben',
  'bodies.verify_entered': 'Eingegeben: {status}',
  'bodies.verify_hidden': 'von einer anderen Person eingegeben (verborgen)',
  'bodies.kind_detainee': 'Häftlingsnummer',
  'bodies.kind_branch': 'Abteilungsnummer',
  'bodies.kind_hospital': 'Krankenhausnummer',
  'bodies.kind_report': 'Nummer des ärztlichen Berichts',
  'bodies.kind_other': 'Andere Nummer',
  'bodies.status_unverified': 'nicht verifiziert',
  'bodies.status_verified': 'verifiziert',
  'bodies.status_disputed': 'strittig'
};
