/** Das Expositionsprotokoll: Minuten pro Tag, weiches Tageslimit, Einwilligung, Teamsummen (Issue #21). */
export const exposureDe = {
  'exposure.title': 'Ihre Exposition',
  'exposure.intro':
    'Minuten, in denen Sie ungeschützte Bilder angesehen haben, und geöffnete Elemente, pro Tag (UTC). Nur Sie sehen diese Zahlen, außer Sie willigen unten ein.',
  'exposure.today': 'Heute: {minutes} Min. unverschwommen, geöffnete Elemente: {items}',
  'exposure.week': 'Letzte 7 Tage: {minutes} Min. unverschwommen, geöffnete Elemente: {items}',
  'exposure.day': 'Tag',
  'exposure.minutes': 'Minuten unverschwommen',
  'exposure.items': 'Geöffnete Elemente',
  'exposure.breaks': 'Vorgeschlagene und weggeklickte Pausen',
  'exposure.limit': 'Weiches Tageslimit (Minuten unverschwommen; 0: keines)',
  'exposure.limit_hint':
    'Erreicht die heutige Summe es, wird eine Pause vorgeschlagen (Sie können sie wegklicken). 0–{max}; Standard {default}.',
  'exposure.coordinator_limit':
    'Eine Koordinatorin hat ein Tageslimit von {minutes} Min. gesetzt; das strengere Limit gilt.',
  'exposure.consent':
    'Koordinatoren dürfen meine eigenen Tagessummen sehen (nie minutengenau). Ohne Einwilligung sehen sie nur Teamsummen.',
  'exposure.save': 'Limit und Einwilligung speichern',
  'exposure.saved': 'Gespeichert.',
  'exposure.invalid': 'Geben Sie eine ganze Zahl von Minuten zwischen 0 und {max} ein.',
  'exposure.indicator': 'Heute {minutes} / {limit} Min.',
  'exposure.indicator_nolimit': 'Heute {minutes} Min.',
  'exposure.break_title': 'Zeit für eine Pause',
  'exposure.break_text':
    'Sie haben heute {minutes} Minuten ungeschützte Bilder angesehen, Ihr Tageslimit. Treten Sie zurück, sprechen Sie mit jemandem oder arbeiten Sie mit weniger belastendem Material weiter.',
  'exposure.break_dismiss': 'Trotzdem weitermachen',
  'exposure.team_title': 'Exposition des Teams (letzte 7 Tage)',
  'exposure.team_people': 'Prüfende mit Exposition: {count}',
  'exposure.team_small': 'Weniger als {min} Personen: Summen werden nicht aufgeschlüsselt.',
  'exposure.team_consenting': 'Prüfende, die ihre Tagessummen teilen',
  'exposure.team_link': 'Exposition des Teams'
};
