/** Suche in Befunden, Dateinamen und Leichen-Kennungen (Issue #18). */
export const search2De = {
  'search2.title': 'Im Archiv suchen',
  'search2.in': 'Suchen in',
  'search2.in_all': 'Allem',
  'search2.matched.transcription': 'Transkription',
  'search2.matched.finding': 'Befund',
  'search2.matched.name': 'Dateiname',
  'search2.matched.identifier': 'Kennung einer Leiche',
  'search2.body': 'Leiche',
  'search2.syntax':
    'Jedes Wort muss einen Wortanfang treffen; Befunde werden über ihre Bezeichnungen in jeder Sprache gefunden (كدمة oder contusion), Objekte über ihren Dateinamen, Leichen über eine vollständige Kennung.'
} as const;
