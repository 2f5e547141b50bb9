import type { queueManageEn } from './queue-manage.en.ts';

/** Verwaltung einer Arbeitsliste nach dem Anlegen, Tabelle ihrer Objekte, Schwelle der Übereinstimmung (Issue #18). */
export const queueManageDe: Record<keyof typeof queueManageEn, string> = {
  'manage.title': 'Arbeitsliste verwalten',
  'manage.refused': 'Nicht geändert:',
  'manage.saved': 'Gespeichert.',
  'manage.state': 'Zustand',
  'manage.state_open': 'Offen',
  'manage.state_paused': 'Pausiert',
  'manage.state_closed': 'Geschlossen',
  'manage.state_open_hint': 'Gutachter·innen erhalten neue Objekte, wenn sie „Nächstes Objekt“ wählen.',
  'manage.state_paused_hint':
    'Niemand erhält neue Objekte. Wer ein Objekt in Bearbeitung hat, kann es noch abschließen. Öffnen Sie die Arbeitsliste wieder, um fortzufahren.',
  'manage.state_closed_hint':
    'Die Arbeitsliste ist abgeschlossen: Niemand erhält neue Objekte. Wer ein Objekt in Bearbeitung hat, kann es noch abschließen. Sie kann wieder geöffnet werden.',
  'manage.to_open': 'Wieder öffnen',
  'manage.to_paused': 'Pausieren',
  'manage.to_closed': 'Schließen',
  'manage.due': 'Fälligkeitsdatum',
  'manage.due_save': 'Fälligkeitsdatum speichern',
  'manage.reviewers': 'Gutachter·innen',
  'manage.remove': 'Entfernen',
  'manage.remove_hint':
    'Das Objekt, das eine entfernte Person gerade bearbeitet, geht sofort in den Pool zurück; ihre abgegebenen Begutachtungen bleiben erhalten.',
  'manage.add': 'Gutachter·in hinzufügen',
  'manage.add_submit': 'Hinzufügen',
  'items_table.title': 'Objekte',
  'items_table.reviews': 'Begutachtungen',
  'items_table.unclaimed': 'Noch nicht übernommen',
  'items_table.adjudication': 'Entscheidung',
  'items_table.adjudication_not_blind': '–',
  'items_table.adjudication_waiting': 'Wartet auf Begutachtungen',
  'items_table.adjudication_ready': 'Bereit: entscheiden',
  'items_table.adjudication_adjudicated': 'Entschieden',
  'items_table.status_active': 'in Bearbeitung',
  'items_table.status_expired': 'Bearbeitungszeit abgelaufen',
  'items_table.status_submitted': 'abgegeben',
  'items_table.status_skipped': 'übersprungen',
  'items_table.status_flagged': 'gemeldet',
  'items_table.status_released': 'freigegeben',
  'items_table.status_returned': 'zurückgegeben',
  'items_table.hand_back': 'Zurückgeben',
  'items_table.pages': 'Seiten der Objektliste',
  'items_table.page': 'Seite {page} von {pages}',
  'items_table.previous': 'Zurück',
  'items_table.next': 'Weiter',
  'agreement.regions': 'Zugeordnete Regionen',
  'agreement.too_few': 'zu wenige für eine Aussage',
  'agreement.too_few_hint':
    'Werte, die auf weniger als {items} Objekten oder {regions} zugeordneten Regionen beruhen, sind als „zu wenige für eine Aussage“ gekennzeichnet: Eine Entscheidung mehr oder weniger würde sie stark verändern.'
};
