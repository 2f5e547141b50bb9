import type { accountsEn } from './accounts.en.ts';

/** Einladungen, Änderung und Zurücksetzen des Passworts, Aufheben der Anmeldesperre (Issue #18). */
export const accountsDe: Record<keyof typeof accountsEn, string> = {
  'nav.invite': 'Einladen',
  'users.create_with_password':
    'Konto mit Passwort anlegen (für Skripte; vorzugsweise eine Einladung verwenden)',
  'invite.create': 'Person einladen',
  'invite.create_intro':
    'Die eingeladene Person erhält einen Einmal-Link und wählt ihren Namen und ihr Passwort selbst. Niemand sonst erfährt das Passwort.',
  'invite.send': 'Einladung erstellen',
  'invite.created':
    'Die Einladung für {email} wurde erstellt. Kopieren Sie diesen Link und geben Sie ihn der Person; er ist nur einmal gültig:',
  'invite.link': 'Einmal-Link',
  'invite.mail_sent': 'Er wurde zudem per E-Mail versandt.',
  'invite.mail_failed': 'Der Versand per E-Mail ist fehlgeschlagen: Geben Sie der Person den Link selbst.',
  'invite.mail_not_configured': 'Es ist kein Mailserver eingerichtet: Geben Sie der Person den Link selbst.',
  'invite.forbidden_role': 'Koordinator·innen können keine Administrator·innen einladen.',
  'invite.open': 'Offene Einladungen',
  'invite.expires': 'Gültig bis',
  'invite.title': 'Zugang zu Athar',
  'invite.intro': 'Sie sind eingeladen als {role}. Wählen Sie Ihren Namen und Ihr Passwort für',
  'invite.submit': 'Mein Konto anlegen',
  'invite.invalid_link':
    'Dieser Einladungslink ist abgelaufen oder wurde bereits verwendet. Bitten Sie um einen neuen.',
  'invite.email_taken':
    'Es besteht bereits ein Konto mit dieser E-Mail-Adresse. Melden Sie sich an oder wenden Sie sich an die Administration.',
  'error.expert_invalid': 'Die Kennzeichnung als Sachverständige·r muss ein- oder ausgeschaltet sein.',
  'password.title': 'Passwort ändern',
  'password.intro':
    'Wenn Sie Ihr Passwort ändern, werden Sie auf allen anderen Geräten und Browsern abgemeldet.',
  'password.new': 'Neues Passwort',
  'password.submit': 'Passwort ändern',
  'password.changed': 'Das Passwort wurde geändert. Beendete andere Sitzungen: {count}.',
  'reset.title': 'Neues Passwort festlegen',
  'reset.intro': 'Wählen Sie ein neues Passwort für',
  'reset.submit': 'Passwort festlegen',
  'reset.done':
    'Ihr Passwort ist festgelegt, und Sie wurden überall abgemeldet. Melden Sie sich mit dem neuen Passwort an.',
  'reset.invalid_link':
    'Dieser Link zum Zurücksetzen ist abgelaufen oder wurde bereits verwendet. Bitten Sie die Administration um einen neuen.',
  'reset.admin_title': 'Link zum Zurücksetzen des Passworts',
  'reset.admin_intro':
    'Ein Einmal-Link, mit dem diese Person ein neues Passwort festlegt. Bei seiner Verwendung wird sie überall abgemeldet.',
  'reset.admin_issue': 'Link zum Zurücksetzen erstellen',
  'reset.link_created': 'Kopieren Sie diesen Link und geben Sie ihn der Person; er ist nur einmal gültig:',
  'unlock.title': 'Anmeldesperre',
  'unlock.locked':
    'Die Anmeldung ist nach Fehlversuchen gesperrt; verbleibende Sperrzeit etwa {minutes} Min.',
  'unlock.not_locked': 'Die Anmeldung ist nicht gesperrt.',
  'unlock.submit': 'Sperre aufheben',
  'unlock.done': 'Die Anmeldesperre ist aufgehoben.'
};
