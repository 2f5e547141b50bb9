import type { persons2En } from './persons2.en.ts';

export const persons2De: Record<keyof typeof persons2En, string> = {
  'persons2.error.field':
    'Prüfen Sie das Feld „{field}“: Es fehlt, ist zu lang oder hat nicht die erwartete Form.',
  'persons2.error.invalid': 'Das Formular ist unvollständig oder nicht in der erwarteten Form.',
  'persons2.error.forbidden': 'Ihre Rolle erlaubt das nicht.',
  'persons2.error.not_found': 'Nicht gefunden oder für Sie nicht sichtbar.',
  'persons2.error.conflict': 'Jemand hat das inzwischen geändert: Laden Sie die Seite neu.',
  'persons2.error.merge_self': 'Eine Person kann nicht mit sich selbst zusammengeführt werden.',
  'persons2.error.already_merged': 'Eine der beiden Personen ist bereits mit einer anderen zusammengeführt.',
  'persons2.error.merge_target':
    'Andere Personen wurden mit dieser zusammengeführt: Führen Sie sie in umgekehrter Richtung zusammen.',
  'persons2.error.not_merged': 'Diese Person ist mit keiner anderen zusammengeführt.',
  'persons2.error.distinct_self': 'Eine Person ist nicht von sich selbst verschieden.',
  'persons2.error.other_collection': 'Person und Leichnam gehören zu verschiedenen Sammlungen.',
  'persons2.error.already_proposed':
    'Für diesen Leichnam und diese Person gibt es bereits eine Identifizierung.',
  'persons2.error.confirm_role': 'Nur Rechtsmediziner und Koordinatoren bestätigen Identifizierungen.',
  'persons2.error.exclude_role': 'Nur Rechtsmediziner und Koordinatoren schließen Identifizierungen aus.',
  'persons2.error.propose_role': 'Nur Rechtsmediziner und Koordinatoren schlagen hier Identifizierungen vor.',
  'persons2.error.no_identification': 'Diese Identifizierung gibt es nicht.',
  'persons2.error.already_confirmed': 'Diese Identifizierung ist bereits bestätigt.',
  'persons2.error.already_excluded': 'Diese Identifizierung ist bereits ausgeschlossen.',
  'persons2.error.confirmed_twice':
    'Sie haben diese Identifizierung bereits bestätigt: Eine zweite, andere Person muss sie bestätigen.',
  'persons2.error.no_body_identifier': 'Kein Leichnam dieser Sammlung hat diese Kennung.',
  'persons2.error.several_bodies':
    'Mehrere Leichname haben diese Kennung: Schlagen Sie über die Leichnam-ID vor.',
  'persons2.error.no_body': 'Diesen Leichnam gibt es nicht.',
  'persons2.error.body_missing': 'Geben Sie eine Kennung oder die ID des Leichnams ein.',
  'persons2.error.no_mention': 'Diesen Namen gibt es auf keiner Seite.',
  'persons2.error.link_merged':
    'Diese Person wurde mit einer anderen zusammengeführt: Verknüpfen Sie mit jener.',
  'persons2.propose.title': 'Identifizierung vorschlagen',
  'persons2.propose.search': 'Name der Person',
  'persons2.propose.find': 'Im Register suchen',
  'persons2.propose.none': 'Keine Person des Registers passt zu diesem Namen.',
  'persons2.propose.for': '{name} vorschlagen',
  'persons2.propose.done':
    'Vorgeschlagen: Zwei Rechtsmediziner oder Koordinatoren müssen sie nun auf der Seite der Person bestätigen.',
  'persons2.propose.identifications': 'Identifizierungen dieses Leichnams',
  'persons2.propose.identifications_none': 'Für diesen Leichnam ist keine Person vorgeschlagen.'
};
