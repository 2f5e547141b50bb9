/** Gemeinsam ansehen: Sitzungen zu einem Element, die Freigabe teilt die Leitung (Issue #21). */
export const coviewDe = {
  'coview.title': 'Gemeinsam ansehen',
  'coview.start': 'Gemeinsam ansehen',
  'coview.start_hint':
    'Öffnen Sie dieses Element mit Kolleginnen und Kollegen: Sie leiten, und das Bild wird für alle erst sichtbar, wenn Sie es freigeben.',
  'coview.invited': '{name} sieht sich dieses Element gemeinsam mit anderen an.',
  'coview.join': 'Beitreten',
  'coview.leave': 'Verlassen',
  'coview.end': 'Sitzung beenden',
  'coview.leading': 'Sie leiten diese Sitzung. Personen darin: {count}',
  'coview.joined': 'Gemeinsam mit {name} (Leitung). Personen darin: {count}',
  'coview.reveal_all': 'Für alle freigeben',
  'coview.blur_all': 'Für alle unscharf',
  'coview.revealed_by_lead': 'Die Leitung hat das Bild freigegeben.',
  'coview.blurred_by_lead': 'Die Leitung hält das Bild unscharf.',
  'coview.blur_me': 'Für mich unscharf',
  'coview.failed': 'Gemeinsam ansehen fehlgeschlagen: {message}'
};
